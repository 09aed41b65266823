using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Persistence;

public sealed class StorageFailureTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?> ClassSettings => new Dictionary<string, string?>
    {
        ["Hongbao:Storage:Sqlite:BusyTimeout"] = "00:00:00.100",
    };

    [Fact]
    public async Task Grabs_whose_write_fails_are_not_acknowledged_and_their_shares_are_not_lost_or_given_twice()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(10_000, 100));
        var early = Scenario.Users("early", 10);
        Assert.All(await Task.WhenAll(early.Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u))), r => Assert.Equal(GrabOutcome.Granted, r.Outcome));
        var crowd = Scenario.Users("crowd", 50);

        var acknowledged = new List<GrabResult>();
        var refused = 0;
        await using (await SqliteProbe.HoldWriteLockAsync(DatabasePath))
        {
            var attempts = crowd.Select(async u =>
            {
                try
                {
                    return await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u);
                }
                catch (StorageUnavailableException)
                {
                    Interlocked.Increment(ref refused);
                    return null;
                }
            });
            acknowledged.AddRange((await Task.WhenAll(attempts)).OfType<GrabResult>());
        }

        Assert.Empty(acknowledged);
        Assert.Equal(crowd.Length, refused);
        var afterOutage = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(early.Order(), afterOutage!.Grabs.Select(g => g.UserId).Order());

        // The same users retry once storage is back: each gets exactly one share.
        var retries = await Task.WhenAll(crowd.Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        Assert.All(retries, r => Assert.Equal(GrabOutcome.Granted, r.Outcome));
        var final = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(60, final!.Grabs.Count);
        Assert.Equal(60, final.Grabs.Select(g => g.UserId).Distinct().Count());
        await MoneyAudit.AssertConservedAsync(Engine.Grains, crowd.Concat(early).Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task A_deposit_whose_write_fails_changes_nothing_and_can_be_retried_with_its_key()
    {
        var wallet = Engine.Grains.Wallet("vic");
        await wallet.DepositAsync(100, "first");

        await using (await SqliteProbe.HoldWriteLockAsync(DatabasePath))
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => wallet.DepositAsync(50, "second"));
        }

        Assert.Equal(100, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(150, (await wallet.DepositAsync(50, "second")).BalanceFen);
        Assert.Equal(150, (await wallet.DepositAsync(50, "second")).BalanceFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["vic"], []);
    }

    [Fact]
    public async Task A_transaction_that_fails_fails_every_wallet_in_it_and_each_retry_applies_once()
    {
        var users = Scenario.Users("batch", 10);

        await using (await SqliteProbe.HoldWriteLockAsync(DatabasePath))
        {
            var acknowledged = await Task.WhenAll(users.Select(u => AcknowledgedAsync(() => Engine.Grains.Wallet(u).DepositAsync(100, "key"))));
            Assert.All(acknowledged, Assert.Null);
        }

        Assert.All(await Task.WhenAll(users.Select(u => Engine.Grains.Wallet(u).GetBalanceAsync())), b => Assert.Equal(0, b.BalanceFen));
        var retries = await Task.WhenAll(users.Select(u => Engine.Grains.Wallet(u).DepositAsync(100, "key")));
        Assert.All(retries, r => Assert.Equal(new DepositResult(DepositOutcome.Applied, 100), r));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, users, []);
    }

    [Fact]
    public async Task A_wallet_whose_row_moved_under_it_reads_it_again_and_applies_its_change_once()
    {
        var users = Scenario.Users("conflict", 10);
        await Task.WhenAll(users.Select(u => Engine.Grains.Wallet(u).DepositAsync(100, "open")));
        await SqliteProbe.BumpWalletVersionAsync(DatabasePath, users[3]);

        var acknowledged = await Task.WhenAll(users.Select(u => Engine.Grains.Wallet(u).DepositAsync(10, "second")));

        Assert.All(acknowledged, r => Assert.Equal(new DepositResult(DepositOutcome.Applied, 110), r));
        Assert.Equal(new DepositResult(DepositOutcome.Replayed, 110), await Engine.Grains.Wallet(users[3]).DepositAsync(10, "second"));
        Assert.Equal(2, (await Engine.Grains.Wallet(users[3]).GetLedgerAsync(10, null)).Entries.Count);
        Assert.Equal(110, (await Engine.Grains.Wallet(users[3]).GetBalanceAsync()).BalanceFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, users, []);
    }

    private static async Task<T?> AcknowledgedAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (StorageUnavailableException)
        {
            return null;
        }
    }
}
