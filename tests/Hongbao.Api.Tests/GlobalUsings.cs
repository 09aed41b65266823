global using Orleans;
global using Xunit;
