using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

return await CliApp.Create(new EngineSeams(EmbeddedHost: null, GrainHost: () => new InProcessSiloHost())).Parse(args).InvokeAsync();
