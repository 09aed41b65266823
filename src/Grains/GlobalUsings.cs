global using System.Collections.Immutable;
global using Orleans;
global using Hongbao.Contracts.Common;
global using Hongbao.Contracts.Envelopes;
global using Hongbao.Contracts.Wallets;
