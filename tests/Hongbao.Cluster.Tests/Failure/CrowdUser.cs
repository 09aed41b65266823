namespace Hongbao.Cluster.Tests.Failure;

/// <summary>One grabbing user: its id, its bearer token and the envelope it goes for.</summary>
public sealed record CrowdUser(string UserId, string Token, string EnvelopeId)
{
    /// <summary>Tokens for <paramref name="count"/> users from the API's /dev/token, a few requests at a time.</summary>
    public static async Task<IReadOnlyList<CrowdUser>> IssueAsync(ApiClient api, string prefix, int count, Func<int, string> envelopeOf)
    {
        var users = new CrowdUser[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var userId = $"{prefix}{i:D5}";
            users[i] = new CrowdUser(userId, await api.IssueTokenAsync(userId), envelopeOf(i));
        });
        return users;
    }
}
