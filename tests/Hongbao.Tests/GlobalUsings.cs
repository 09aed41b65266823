global using System.Collections.Immutable;
global using Xunit;
global using Hongbao.Testing;
