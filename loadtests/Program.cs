using Hongbao.LoadTests.Cli;

// The lead wires --embedded and --mode grain by passing real factories instead of EngineSeams.NotWired.
return await CliApp.Create(EngineSeams.NotWired).Parse(args).InvokeAsync();
