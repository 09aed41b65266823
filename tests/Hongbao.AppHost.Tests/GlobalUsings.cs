global using Hongbao.Testing;
global using Xunit;
