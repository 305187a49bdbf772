using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace HeadlessCms.Tests.Contract.Fuzz;

/// <summary>One operation of the committed OpenAPI document.</summary>
public sealed record FuzzOperation(string Method, string PathTemplate, string Id, JsonObject Definition)
{
    public bool Secured => Definition["security"] is JsonArray { Count: > 0 };
}

/// <summary>A generated request, with what produced it, so a failure can be replayed from its seed.</summary>
public sealed record FuzzRequest(string OperationId, string Method, string Url, string? ContentType, string? Body, Dictionary<string, string> Headers);

/// <summary>
/// Generates requests from the schemas of the OpenAPI document: path, query and header parameters and bodies, mostly
/// close to valid (so handlers run, not only validators) and sometimes broken on purpose (wrong types, missing or extra
/// members, nulls, control characters, odd Unicode, huge numbers, duplicate keys, other content types). Everything
/// comes from one <see cref="Random"/> seeded per request, so a seed replays its request exactly.
/// </summary>
public sealed class RequestGenerator(SchemaCheck schemas, IReadOnlyDictionary<string, List<string>> known)
{
    private static readonly string[] Strings =
    [
        "", " ", "a", "sample", "ünïcödé", "日本語", "e\u0301", "\ud83d\ude00", "a\u0000b", "\u0001", "tab\there", "line\nbreak",
        "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "%2F", "a/b", "null", "true", "-1", "0",
        "99999999999999999999", "2026-13-45", "\u202etxet", "\ufeffbom", "x".PadRight(300, 'x'), "y".PadRight(5001, 'y'),
        "https://example.org/p", "//evil.example/p", "javascript:alert(1)", "mailto:a@example.org", "reader@example.org",
        "hcms_", "*", "W/\"1\"", "\"1\"", "czE6AA", "s1:", "published", "draft", "scheduled", "approve", "spam", "admin",
    ];

    public static List<FuzzOperation> Operations(JsonObject document)
    {
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, definition) in item!.AsObject())
            {
                if (definition is JsonObject op && method is "get" or "post" or "put" or "patch" or "delete")
                {
                    operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, op["operationId"]!.GetValue<string>(), op));
                }
            }
        }

        return operations;
    }

    public FuzzRequest Generate(FuzzOperation operation, int seed)
    {
        var random = new Random(seed);
        var url = new StringBuilder(operation.PathTemplate);
        var query = new List<string>();
        var headers = new Dictionary<string, string>();
        foreach (var parameter in (operation.Definition["parameters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = parameter["name"]!.GetValue<string>();
            var where = parameter["in"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() == true;
            if (!required && random.NextDouble() < 0.4)
            {
                continue;
            }

            var value = ParameterValue(name, schemas.Resolve(parameter["schema"]), random);
            switch (where)
            {
                case "path":
                    // A NUL in the request line is refused by Kestrel (and the test server's client) before the app runs;
                    // the app's own rule is exercised with the next control character instead.
                    value = value.Replace('\0', '\u0001');
                    url.Replace("{" + name + "}", Uri.EscapeDataString(value.Length == 0 ? "x" : value));
                    break;
                case "query":
                    query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
                    break;
                case "header":
                    if (value.All(c => c is >= ' ' and < '\u007f'))
                    {
                        headers[name] = value;
                    }

                    break;
            }
        }

        if (query.Count > 0)
        {
            url.Append('?').Append(string.Join('&', query));
        }

        string? contentType = null;
        string? body = null;
        if (operation.Definition["requestBody"]?["content"] is JsonObject content && content.Count > 0)
        {
            var media = content.ElementAt(random.Next(content.Count));
            contentType = random.NextDouble() < 0.05 ? "text/plain" : media.Key;
            body = Body(contentType, schemas.Resolve(media.Value?["schema"]), random);
        }
        else if (operation.Method is "POST" && random.NextDouble() < 0.1)
        {
            contentType = "application/json";
            body = "{\"unexpected\":true}";
        }

        return new FuzzRequest(operation.Id, operation.Method, url.ToString(), contentType, body, headers);
    }

    private string ParameterValue(string name, JsonObject schema, Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.45 && KnownFor(name) is { Count: > 0 } values)
        {
            return values[random.Next(values.Count)];
        }

        return schema["type"]?.GetValue<string>() switch
        {
            "integer" when roll < 0.8 => random.Next(6) switch
            {
                0 => "0",
                1 => "-1",
                2 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
                3 => "99999999999999999999",
                4 => "1.5",
                _ => random.Next(1, 200).ToString(CultureInfo.InvariantCulture),
            },
            "boolean" when roll < 0.8 => random.Next(2) == 0 ? "true" : "false",
            _ when name.Contains("Match", StringComparison.Ordinal) => random.Next(4) switch
            {
                0 => "*",
                1 => $"\"{random.Next(1, 5)}\"",
                2 => "W/\"abc\"",
                _ => "garbage",
            },
            _ when roll < 0.6 && (name.Contains("After", StringComparison.Ordinal) || name.Contains("Before", StringComparison.Ordinal) || name == "since") =>
                DateTimeOffset.UnixEpoch.AddDays(random.Next(0, 30_000)).ToString("O", CultureInfo.InvariantCulture),
            _ when roll < 0.65 => NewGuid(random),
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    private List<string>? KnownFor(string name) => name switch
    {
        "idOrSlug" or "article" => Concat("articles", "authors", "tags"),
        "id" => Concat("comments", "keys", "subscribers", "articles"),
        "author" => known.GetValueOrDefault("authors"),
        "tag" => known.GetValueOrDefault("tags"),
        "status" => ["draft", "published", "scheduled", "pending", "approved", "rejected", "spam", "confirmed", "unsubscribed"],
        "type" => ["article", "author", "tag"],
        "number" => ["1", "2", "3"],
        "limit" => ["1", "5", "100", "101"],
        _ => null,
    };

    private List<string> Concat(params string[] kinds) => kinds.SelectMany(k => known.GetValueOrDefault(k) ?? []).ToList();

    private string Body(string contentType, JsonObject schema, Random random)
    {
        if (contentType.Contains("form", StringComparison.Ordinal))
        {
            return "token=" + Uri.EscapeDataString(Strings[random.Next(Strings.Length)]);
        }

        if (!contentType.Contains("json", StringComparison.Ordinal))
        {
            return random.Next(3) switch
            {
                0 => "# Title\n\nA paragraph with **bold** and a [link](//evil.example/p).\n",
                1 => "<html><body><h1>Title</h1><p>Text</p><script>x()</script></body></html>",
                _ => Strings[random.Next(Strings.Length)],
            };
        }

        var roll = random.NextDouble();
        if (roll < 0.04)
        {
            return random.Next(4) switch
            {
                0 => "{",
                1 => "[]",
                2 => "{\"a\":1,\"a\":2}",
                _ => "\"just a string\"",
            };
        }

        var value = Value(schema, random, 0, broken: roll < 0.3);
        var json = value?.ToJsonString() ?? "null";
        if (roll > 0.97 && value is JsonObject { Count: > 0 } obj)
        {
            // The same member twice: only raw text can say it.
            var first = obj.First();
            json = "{" + $"\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}," + json[1..];
        }

        return json;
    }

    private JsonNode? Value(JsonNode? rawSchema, Random random, int depth, bool broken)
    {
        var schema = schemas.Resolve(rawSchema);
        if (broken && random.NextDouble() < 0.1)
        {
            return Wrong(random);
        }

        if (schema["nullable"]?.GetValue<bool>() == true && random.NextDouble() < 0.15)
        {
            return null;
        }

        if (schema["enum"] is JsonArray options && options.Count > 0)
        {
            return options[random.Next(options.Count)]?.DeepClone();
        }

        switch (schema["type"]?.GetValue<string>())
        {
            case "object":
            case null when schema["properties"] is not null:
                var obj = new JsonObject();
                var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
                {
                    var include = required.Contains(name) ? !(broken && random.NextDouble() < 0.1) : random.NextDouble() < 0.7;
                    if (include && depth < 6)
                    {
                        obj[name] = Value(property, random, depth + 1, broken);
                    }
                }

                if (broken && random.NextDouble() < 0.1)
                {
                    obj["unexpected" + random.Next(100)] = "x";
                }

                return obj;
            case "array":
                var array = new JsonArray();
                var count = random.NextDouble() < 0.05 && broken ? 200 : random.Next(0, 4);
                for (var i = 0; i < count && depth < 6; i++)
                {
                    array.Add(Value(schema["items"], random, depth + 1, broken));
                }

                return array;
            case "integer":
                return random.Next(5) switch
                {
                    0 => JsonValue.Create(0),
                    1 => JsonValue.Create(-1),
                    2 => JsonValue.Create(long.MaxValue),
                    _ => JsonValue.Create(random.Next(1, 100)),
                };
            case "number":
                return JsonValue.Create(random.NextDouble() * 1000);
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            case "string":
                return JsonValue.Create(StringFor(schema["format"]?.GetValue<string>(), random, broken));
            default:
                return random.Next(3) switch
                {
                    0 => JsonValue.Create("text"),
                    1 => new JsonObject { ["k"] = 1 },
                    _ => JsonValue.Create(3),
                };
        }
    }

    private string StringFor(string? format, Random random, bool broken)
    {
        var roll = random.NextDouble();
        switch (format)
        {
            case "uuid" when roll < 0.8:
                var ids = Concat("authors", "tags", "comments", "articles").Where(v => Guid.TryParse(v, out _)).ToList();
                return ids.Count > 0 && roll < 0.6 ? ids[random.Next(ids.Count)] : NewGuid(random);
            case "date-time" when roll < 0.8:
                return DateTimeOffset.UnixEpoch.AddMinutes(random.Next(0, 40_000_000)).ToString("O", CultureInfo.InvariantCulture);
            case "uri" when roll < 0.8:
                return "https://example.org/" + random.Next(1000);
        }

        if (!broken && roll < 0.7)
        {
            return $"Fuzz text {random.Next(1_000_000)} " + (random.Next(4) == 0 ? "with [a link](https://example.org) and *emphasis*" : "plain");
        }

        return Strings[random.Next(Strings.Length)];
    }

    /// <summary>From the seeded generator, so a replay asks for the same id.</summary>
    private static string NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static JsonNode? Wrong(Random random) => random.Next(6) switch
    {
        0 => JsonValue.Create(12345),
        1 => JsonValue.Create(true),
        2 => new JsonArray(JsonValue.Create("x")),
        3 => new JsonObject { ["nested"] = "x" },
        4 => JsonValue.Create(1e300),
        _ => JsonValue.Create("\u0000"),
    };
}
