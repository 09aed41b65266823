namespace Hongbao.Browser.Tests.Infrastructure;

/// <summary>
/// One API and one headless Chromium for the whole suite; every test opens its own browser contexts (one per person),
/// which share nothing, not even session storage.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package; HONGBAO_CHROMIUM points elsewhere. Playwright never downloads a browser here.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("HONGBAO_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private LiveApi? api;

    public LiveApi Api => api ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No browser at {ChromiumPath}: install Debian's chromium (apt-get install -y chromium) or set HONGBAO_CHROMIUM.");
        }

        // Conditions, not sleeps: every expectation waits up to this long for the page to get there.
        SetDefaultExpectTimeout(20_000);
        var starting = LiveApi.StartAsync();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Chromium refuses to start its sandbox as root, which is how CI runs.
            Args = Environment.UserName == "root" ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
        });
        api = await starting;
    }

    /// <summary>A fresh person: their own context (storage, cookies) and page, at the given width.</summary>
    public async Task<HongbaoPage> PersonAsync(int width = 1280, int height = 900)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Api.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        return new HongbaoPage(await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
