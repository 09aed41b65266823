global using Xunit;
global using Hongbao.Testing;
