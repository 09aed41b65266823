namespace Hongbao.Api.Hosting;

public static class ConfigurationProfiles
{
    private static readonly Dictionary<string, string> FileByProfile = new(StringComparer.OrdinalIgnoreCase)
    {
        ["loadtest"] = "appsettings.LoadTest.json",
    };

    /// <summary>
    /// <c>--profile loadtest</c> (or Hongbao__Profile=loadtest) layers a profile file over appsettings, while
    /// environment variables and the command line still win.
    /// </summary>
    public static ConfigurationManager AddProfile(this ConfigurationManager configuration, string[] args)
    {
        var profile = configuration["profile"] ?? configuration["Hongbao:Profile"];
        if (string.IsNullOrWhiteSpace(profile))
        {
            return configuration;
        }

        if (!FileByProfile.TryGetValue(profile, out var file))
        {
            throw new InvalidOperationException($"Unknown profile '{profile}'; known profiles: {string.Join(", ", FileByProfile.Keys)}.");
        }

        configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return configuration;
    }
}
