using Hongbao.Api.Hosting;

await HongbaoApiApplication.Build(args).RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
