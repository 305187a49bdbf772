using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HeadlessCms.Tests.Contract.Fuzz;

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema of the committed document: $ref, type, nullable, format (uuid,
/// date-time, int32/int64), enum, required, properties, additionalProperties and items. Stricter than the standard in
/// one way: a property the schema does not declare is a mismatch unless additionalProperties allows it, because an
/// undeclared member is contract drift that generated clients drop.
/// </summary>
public sealed class SchemaCheck(JsonObject document)
{
    public List<string> Check(JsonNode? value, JsonNode? schema)
    {
        var problems = new List<string>();
        Check(value, schema, "$", problems, 0);
        return problems;
    }

    public JsonObject Resolve(JsonNode? schema)
    {
        var current = schema as JsonObject ?? new JsonObject();
        for (var hops = 0; current["$ref"] is JsonValue reference && hops < 20; hops++)
        {
            var path = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            JsonNode? target = document;
            foreach (var part in path)
            {
                target = target?[part];
            }

            current = target as JsonObject ?? throw new InvalidOperationException($"Unresolvable $ref {reference}");
        }

        return current;
    }

    private void Check(JsonNode? value, JsonNode? rawSchema, string at, List<string> problems, int depth)
    {
        if (depth > 40 || rawSchema is null)
        {
            return;
        }

        var schema = Resolve(rawSchema);
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema.Count > 0)
            {
                problems.Add($"{at}: null where the schema does not allow it");
            }

            return;
        }

        foreach (var keyword in new[] { "allOf" })
        {
            if (schema[keyword] is JsonArray all)
            {
                foreach (var part in all)
                {
                    Check(value, part, at, problems, depth + 1);
                }
            }
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is JsonArray options && options.Count > 0
                && !options.Any(option => Check(value, option).Count == 0))
            {
                problems.Add($"{at}: matches none of {keyword}");
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        var type = schema["type"]?.GetValue<string>();
        var kind = value.GetValueKind();
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    problems.Add($"{at}: {kind} where an object is expected");
                    return;
                }

                CheckObject(obj, schema, at, problems, depth);
                return;
            case "array":
                if (value is not JsonArray array)
                {
                    problems.Add($"{at}: {kind} where an array is expected");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], schema["items"], $"{at}[{i}]", problems, depth + 1);
                }

                return;
            case "string":
                if (kind != JsonValueKind.String)
                {
                    problems.Add($"{at}: {kind} where a string is expected");
                    return;
                }

                var text = value.GetValue<string>();
                var format = schema["format"]?.GetValue<string>();
                if (format == "uuid" && !Guid.TryParse(text, out _))
                {
                    problems.Add($"{at}: '{text}' is not a uuid");
                }
                else if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"{at}: '{text}' is not a date-time");
                }

                return;
            case "integer":
                if (kind != JsonValueKind.Number || !long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    problems.Add($"{at}: {value.ToJsonString()} where an integer is expected");
                }
                else if (schema["format"]?.GetValue<string>() == "int32" && number is < int.MinValue or > int.MaxValue)
                {
                    problems.Add($"{at}: {number} is out of int32 range");
                }

                return;
            case "number":
                if (kind != JsonValueKind.Number)
                {
                    problems.Add($"{at}: {kind} where a number is expected");
                }

                return;
            case "boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{at}: {kind} where a boolean is expected");
                }

                return;
            default:
                if (value is JsonObject untyped && schema["properties"] is not null)
                {
                    CheckObject(untyped, schema, at, problems, depth);
                }

                return;
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string at, List<string> problems, int depth)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
            {
                problems.Add($"{at}: required '{name}' is missing");
            }
        }

        var additional = schema["additionalProperties"];
        foreach (var (name, member) in obj)
        {
            if (properties?[name] is { } declared)
            {
                Check(member, declared, $"{at}.{name}", problems, depth + 1);
            }
            else if (additional is JsonObject extra)
            {
                Check(member, extra, $"{at}.{name}", problems, depth + 1);
            }
            else if (additional is null ? properties is not null : additional.GetValueKind() == JsonValueKind.False)
            {
                problems.Add($"{at}: '{name}' is not in the schema");
            }
        }
    }
}
