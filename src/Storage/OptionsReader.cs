using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Hongbao.Storage;

/// <summary>
/// Binds and validates a section while the host is still being built: the backend and its services are chosen from
/// these values, so a bad one must stop the start with a message, not surface later as a failed grain call.
/// </summary>
public static class OptionsReader
{
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new InvalidOperationException($"Invalid {section} configuration: " + string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        return options;
    }

    /// <summary>Refuses keys that moved, naming where they live now, so an old configuration never silently falls back to defaults.</summary>
    public static void RefuseMovedKeys(IConfiguration configuration, IReadOnlyDictionary<string, string> movedKeys)
    {
        var found = movedKeys.Where(moved => configuration[moved.Key] is not null).ToList();
        if (found.Count > 0)
        {
            throw new InvalidOperationException(
                "Storage settings moved into a section per backend: " +
                string.Join("; ", found.Select(moved => $"{moved.Key} is now {moved.Value}")) + ".");
        }
    }
}
