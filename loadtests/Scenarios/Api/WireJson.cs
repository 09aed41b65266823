using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// Source-generated (de)serializers for the wire shapes, camelCase as on the wire: no reflection or metadata
/// building on the request path.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TokenView))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(DepositRequest))]
[JsonSerializable(typeof(CreateEnvelopeRequest))]
[JsonSerializable(typeof(EnvelopeView))]
[JsonSerializable(typeof(GrabPageView))]
[JsonSerializable(typeof(GrabView))]
[JsonSerializable(typeof(WalletView))]
[JsonSerializable(typeof(LedgerPage))]
[JsonSerializable(typeof(ProblemView))]
internal sealed partial class WireJson : JsonSerializerContext;
