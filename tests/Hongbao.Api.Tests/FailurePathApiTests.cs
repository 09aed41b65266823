using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Api.Tests;

/// <summary>
/// Small failure paths of the API a review found: the framework's own messages reaching clients, and the readiness
/// probe hanging while a long write holds the SQLite writer.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class FailurePathApiTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_the_framework_cannot_bind_gets_our_words_not_the_framework_message()
    {
        using var sender = api.As("leak-check");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/envelopes") { Content = new ByteArrayContent([]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.Add("Idempotency-Key", "leak-1");

        using var response = await sender.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("CreateEnvelopeRequest", body, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ready_answers_while_a_long_write_holds_the_sqlite_writer()
    {
        var sqlite = api.Factory.Services.GetRequiredService<SqliteDataSource>();
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Cancel)).StatusCode);

        HttpStatusCode whileHeld;
        using (await sqlite.EnterWriterAsync())
        {
            // Readiness asks whether the engine answers, not whether it may write this instant: the probe must not
            // queue behind writers (and leave a waiter there when it gives up).
            whileHeld = (await anonymous.GetAsync("/health/ready", Cancel)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, whileHeld);
    }
}
