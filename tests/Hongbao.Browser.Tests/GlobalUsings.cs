global using Hongbao.Browser.Tests.Infrastructure;
global using Hongbao.Testing;
global using Microsoft.Playwright;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
