using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Api.Common.Http;

/// <summary>Turns what System.Text.Json reports about a client's body into a field error a client can act on.</summary>
public static partial class JsonInput
{
    /// <summary>
    /// A field error for invalid text or a repeated member, or null for other malformed JSON (which keeps the
    /// general "malformed or has the wrong type" answer).
    /// </summary>
    public static ValidationException? FieldError(JsonException json)
    {
        if (Find<InvalidTextException>(json) is { } text)
        {
            var field = Field(text.FieldPath ?? json.Path);
            return new ValidationException([new ValidationFailure(field, $"'{field}' {TextInput.Rule}.")]);
        }

        if (Find<DuplicateMemberException>(json) is { } duplicate)
        {
            var field = Field(duplicate.FieldPath);
            return new ValidationException([new ValidationFailure(field, $"A member appears more than once in '{field}'; send each member once.")]);
        }

        // AllowDuplicateProperties = false: {"role":"partner","role":"admin"} must not quietly mean one of them.
        if (json.Message.Contains("Duplicate property", StringComparison.Ordinal))
        {
            var field = Field(json.Path);
            return new ValidationException([new ValidationFailure(field, $"A member appears more than once in '{field}'; send each member once.")]);
        }

        if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            var parent = Field(json.Path);
            var field = parent == "body" || parent == name || parent.EndsWith("." + name, StringComparison.Ordinal) ? (parent == "body" ? name : parent) : $"{parent}.{name}";
            return new ValidationException([new ValidationFailure(field, $"'{field}' is not a field of this request; send only the fields its schema lists.")]);
        }

        return null;
    }

    // The JSON property 'highlight' could not be mapped to any .NET member contained in type '...'.
    [System.Text.RegularExpressions.GeneratedRegex("^The JSON property '(?<name>[^']*)' could not be mapped to any .NET member")]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();

    /// <summary>"$.source.url" → "source.url", "$[2]" → "body[2]", "$" → "body".</summary>
    public static string Field(string? path)
    {
        var trimmed = (path ?? "$").TrimStart('$').TrimStart('.');
        return trimmed.Length == 0 ? "body" : trimmed.StartsWith('[') ? "body" + trimmed : trimmed;
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
