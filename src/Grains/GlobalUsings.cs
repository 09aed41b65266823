global using System.Collections.Immutable;
global using Hongbao.Contracts.Common;
global using Hongbao.Contracts.Envelopes;
global using Hongbao.Contracts.Wallets;
global using Orleans;
