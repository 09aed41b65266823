using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

var engines = new EngineSeams(EmbeddedHost: () => new EmbeddedApiHost(), GrainHost: () => new InProcessSiloHost());
return await CliApp.Create(engines).Parse(args).InvokeAsync();
