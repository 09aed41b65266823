using System.Text.Json;
using System.Text.Json.Serialization;
using Hongbao.Api.Dev;
using Hongbao.Api.Envelopes;
using Hongbao.Api.Wallets;

namespace Hongbao.Api.Hosting;

/// <summary>
/// Source-generated JSON metadata for every request and response body, so no request pays for reflection
/// (problem bodies have ASP.NET Core's own generated context).
/// The wire rules (camelCase enums, strict numbers, unknown members refused) come from the options it is used with
/// (<see cref="ApiServices"/>); the same refusal is declared here so that this context's own options agree.
/// A test checks that every body type of every endpoint resolves here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateEnvelopeRequest))]
[JsonSerializable(typeof(EnvelopeView))]
[JsonSerializable(typeof(GrabView))]
[JsonSerializable(typeof(GrabPageView))]
[JsonSerializable(typeof(DepositRequest))]
[JsonSerializable(typeof(WalletView))]
[JsonSerializable(typeof(LedgerView))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
