using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// The framework's own 400s (a body that is not JSON, a query value that does not parse, a missing required value)
/// as ordinary field errors: the same <c>errors</c> shape as a validator's answer, naming the field in the API's words
/// and never a .NET type (<c>Failed to bind parameter "Nullable&lt;int&gt; limit"</c> becomes <c>limit: 'limit' must be a
/// whole number.</c>).
/// </summary>
public static partial class BadRequests
{
    public static HttpValidationProblemDetails ToFieldError(BadHttpRequestException b)
    {
        var (field, message) = Describe(b);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };
    }

    private static (string Field, string Message) Describe(BadHttpRequestException b)
    {
        if (b.InnerException is JsonException json)
        {
            // A value of the wrong type names its member; broken syntax (or a body that is not an object) is the body's.
            var converted = json.Message.Contains("could not be converted", StringComparison.Ordinal);
            var field = JsonInput.Field(json.Path);
            return converted && json.Path is not (null or "$")
                ? (field, $"'{field}' has the wrong type or format for this endpoint (see its schema).")
                : ("body", "The request body is not valid JSON for this endpoint: send a JSON object with the documented members.");
        }

        if (BindFailure().Match(b.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return (name, $"'{name}' must be {Expected(bind.Groups["type"].Value)}.");
        }

        // Implicit body inferred for parameter "command" but no body was provided. Did you mean to use a Service instead?
        if (b.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return ("body", "A JSON body is required.");
        }

        if (Missing().Match(b.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? ("body", "A JSON body is required.")
                : (missing.Groups["name"].Value, $"'{missing.Groups["name"].Value}' is required.");
        }

        // Anything else the framework refuses (a form that cannot be read, say): no field to name.
        return ("request", "The request could not be read: check its Content-Type and body.");
    }

    private static string Expected(string type) => type.Replace("Nullable<", "").TrimEnd('>') switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "Guid" => "an id (a UUID such as 0190d5f2-7b3c-7def-8a12-3456789abcde)",
        "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601 (such as 2026-01-31T09:00:00Z)",
        "bool" or "Boolean" => "true or false",
        "double" or "decimal" or "float" => "a number",
        _ => "a value of the documented type",
    };

    // Failed to bind parameter "Nullable<int> limit" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[A-Za-z0-9_]+)" from""")]
    private static partial Regex BindFailure();

    // Required parameter "string token" was not provided from query string.  /  ... from body.
    [GeneratedRegex("""^Required parameter "(?:[^"]+ )?(?<name>[A-Za-z0-9_]+)" was not provided from (?<source>body|query string|route|header|form)""")]
    private static partial Regex Missing();
}
