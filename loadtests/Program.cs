using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

var engines = new EngineSeams(EmbeddedHost: apiDll => new ApiProcessHost(apiDll), GrainHost: () => new InProcessSiloHost());
return await CliApp.Create(engines).Parse(args).InvokeAsync();
