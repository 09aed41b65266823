using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Hongbao.Storage.Postgres;

/// <summary>The PostgreSQL backend's settings, bound from "Hongbao:Storage:Postgres".</summary>
public sealed class PostgresStorageOptions : IValidatableObject
{
    public const string Section = StorageOptions.Section + ":Postgres";

    /// <summary>An Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Database=hongbao;Username=hongbao.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"{Section}:ConnectionString is required when {StorageOptions.Section}:Provider is Postgres (e.g. Host=127.0.0.1;Port=5432;Database=hongbao;Username=hongbao).",
                [nameof(ConnectionString)]);
            yield break;
        }

        string? malformed = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException error)
        {
            malformed = error.Message;
        }

        if (malformed is not null)
        {
            yield return new ValidationResult($"{Section}:ConnectionString is not a valid connection string: {malformed}", [nameof(ConnectionString)]);
        }
    }
}
