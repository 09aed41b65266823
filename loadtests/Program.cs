using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

// Before anything opens a socket: the runtime reads this choice once, at the first socket.
SocketCompletions.Arrange(args, Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);
var engines = new EngineSeams(EmbeddedHost: apiDll => new ApiProcessHost(apiDll), GrainHost: () => new InProcessSiloHost());
return await CliApp.Create(engines).Parse(args).InvokeAsync();
