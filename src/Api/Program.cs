using Hongbao.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddProfile(args);
builder.AddHongbaoHosting();
builder.AddHongbaoApi();

var app = builder.Build();
app.UseHongbaoApi();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
