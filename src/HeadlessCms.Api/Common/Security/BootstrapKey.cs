using System.Buffers;

namespace HeadlessCms.Api.Common.Security;

/// <summary>
/// Cms:AdminApiKey is an admin key that cannot be revoked from the API, so it must be as hard to guess as a generated
/// one: the hcms_ format (<see cref="ApiKeyDefaults.NewKey"/>) or at least 32 characters that look random (at least
/// 12 distinct characters: `openssl rand -base64 32` passes, "change-me" and repeated words do not). A weak value stops
/// the start with a message naming the setting.
/// </summary>
public static class BootstrapKey
{
    public const string Setting = "Cms:AdminApiKey";
    public const int MinLength = 32;
    public const int MinDistinct = 12;

    private static readonly SearchValues<char> KeyAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>Why the configured key is refused, or null when it is acceptable (or not set: then none is used).</summary>
    public static string? Weakness(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (key.StartsWith(ApiKeyDefaults.KeyPrefix, StringComparison.Ordinal)
            && key.Length >= ApiKeyDefaults.NewKey().Length
            && !key.AsSpan(ApiKeyDefaults.KeyPrefix.Length).ContainsAnyExcept(KeyAlphabet)
            && key.Distinct().Count() >= MinDistinct)
        {
            return null;
        }

        if (key.Length < MinLength)
        {
            return $"it is {key.Length} characters long; it needs at least {MinLength} random characters or the hcms_ format";
        }

        if (key.Any(char.IsWhiteSpace) || key.Any(char.IsControl))
        {
            return "it contains white space or control characters";
        }

        return key.Distinct().Count() < MinDistinct
            ? $"it uses only {key.Distinct().Count()} distinct characters; a random key of that length uses far more"
            : null;
    }

    /// <summary>Called at start: a weak key is refused before the API answers anything.</summary>
    public static void Check(IConfiguration configuration)
    {
        if (Weakness(configuration[Setting]) is { } why)
        {
            throw new InvalidOperationException(
                $"{Setting} is too weak: {why}. Generate one, for example with `openssl rand -base64 32`, or leave it empty " +
                "and use the admin key the first start prints.");
        }
    }
}
