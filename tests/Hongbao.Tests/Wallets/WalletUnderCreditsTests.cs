using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Wallets;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Wallets;

/// <summary>
/// A festival grabber's wallet is credited beside its grain again and again while its owner deposits or sends. Each
/// credit moves the row's version under the owner's change, which is then decided again from the row as it is now.
/// A credit landing in every such window must not turn the owner's change into an error: each one is progress.
/// </summary>
public sealed class WalletUnderCreditsTests : EngineTest
{
    private const int CreditsInARow = 8;
    private readonly StorageFaults faults = new();

    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task A_deposit_whose_row_a_credit_moves_before_each_of_its_writes_still_applies()
    {
        await StartEngineAsync(faults: faults);
        var wallet = Engine.Grains.Wallet("grabber");
        Assert.Equal(DepositOutcome.Applied, (await wallet.DepositAsync(100, "first")).Outcome);

        var held = faults.HoldNextWrite(StorageFaults.WalletState, "user:grabber");
        var deposit = wallet.DepositAsync(50, "second");
        for (var credit = 1; credit <= CreditsInARow; credit++)
        {
            // A deposit that gave up answers before its next write arrives: awaiting it below shows why.
            await Task.WhenAny(held.Arrived, deposit).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            if (deposit.IsCompleted)
            {
                break;
            }

            Assert.Equal(CreditOutcome.Applied, await Engine.Credits.ApplyAsync("grabber", WalletCredit.ForGrab(EnvelopeId.New(), 1)));
            var current = held;
            held = faults.HoldNextWrite(StorageFaults.WalletState, "user:grabber");
            current.Release();
        }

        await Task.WhenAny(held.Arrived, deposit).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        held.Release();

        Assert.Equal(DepositOutcome.Applied, (await deposit).Outcome);
        // The credits stand for shares of envelopes this test never made, so a whole-engine money audit cannot balance:
        // the wallet's own books must, the deposit once and every credit once.
        Assert.Equal(100 + 50 + CreditsInARow, (await wallet.GetBalanceAsync()).BalanceFen);
        var ledger = (await wallet.GetLedgerAsync(50, null)).Entries;
        Assert.Equal(2, ledger.Count(e => e.Kind == LedgerEntryKind.Deposit));
        Assert.Equal(CreditsInARow, ledger.Count(e => e.Kind == LedgerEntryKind.Grab));
    }
}
