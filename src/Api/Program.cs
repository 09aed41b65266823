using Hongbao.Api.Hosting;
using Hongbao.Api.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddProfile(args);
builder.AddHongbaoHosting();
builder.AddHongbaoTelemetry();
builder.AddHongbaoApi();

var app = builder.Build();
app.UseHongbaoApi();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
