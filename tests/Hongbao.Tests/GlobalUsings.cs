global using System.Collections.Immutable;
global using Hongbao.Testing;
global using Xunit;
