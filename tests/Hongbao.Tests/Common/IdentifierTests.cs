using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Tests.Common;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("alice9\n")]
    [InlineData("alice9\r\n")]
    [InlineData("\nalice9")]
    [InlineData("")]
    [InlineData("alice 9")]
    public void A_user_id_with_anything_outside_its_alphabet_is_refused(string userId) =>
        Assert.False(UserId.IsValid(userId), $"accepted {userId.ReplaceLineEndings("\\n")}");

    [Fact]
    public void An_envelope_id_with_a_trailing_newline_is_refused()
    {
        var id = EnvelopeId.New();
        Assert.True(EnvelopeId.IsWellFormed(id));
        Assert.False(EnvelopeId.IsWellFormed(id + "\n"), "accepted an envelope id ending in a newline");
    }
}
