using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Contract;

/// <summary>
/// openapi/openapi.json is the published contract. The served document must match it exactly, so a change
/// to an endpoint is also a reviewed change to that file (regenerate with scripts/update-openapi.sh).
/// </summary>
public sealed class OpenApiContractTests(SqliteFixture fx) : IClassFixture<SqliteFixture>
{
    private static readonly string CommittedPath = Path.Combine(RepositoryRoot(), "openapi", "openapi.json");

    [Fact]
    public async Task Served_document_matches_the_committed_contract()
    {
        var served = await fx.Anonymous().GetStringAsync("/swagger/v1/swagger.json");
        var servedJson = JsonNode.Parse(served)!;

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, servedJson.ToJsonString(new() { WriteIndented = true }) + "\n");
            return;
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; run scripts/update-openapi.sh.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;
        Assert.True(
            JsonNode.DeepEquals(committed, servedJson),
            "The served OpenAPI document differs from openapi/openapi.json. If the change is intended, run " +
            "scripts/update-openapi.sh and commit the result. First difference: " + FirstDifference(committed, servedJson, "$"));
    }

    [Fact]
    public async Task Every_operation_is_named_summarised_and_declares_its_errors()
    {
        var document = JsonNode.Parse(await fx.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                Assert.False(string.IsNullOrEmpty(operation!["operationId"]?.GetValue<string>()), $"{where} has no name");
                Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{where} has no summary");
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.Any(r => r.Key.StartsWith('4')), $"{where} declares no error response");
                // Every operation checks a key when one is sent; those that need one also answer 403 for the wrong role.
                var security = operation["security"]!.AsArray();
                var anonymous = security.Any(requirement => requirement!.AsObject().Count == 0);
                Assert.True(security.Count > 0, $"{where} declares no security");
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("429") && responses.ContainsKey("500"), $"{where} lacks 401/429/500");
                if (!anonymous)
                {
                    Assert.True(responses.ContainsKey("403"), $"{where} needs a key but lacks 403");
                }

                if (operation["requestBody"] is not null)
                {
                    Assert.True(responses.ContainsKey("400") && responses.ContainsKey("415"), $"{where} takes a body but lacks 400/415");
                }
            }
        }

        Assert.NotNull(document["components"]?["securitySchemes"]?["ApiKey"]);
    }

    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is JsonObject eo && actual is JsonObject ao)
        {
            foreach (var key in eo.Select(p => p.Key).Union(ao.Select(p => p.Key)))
            {
                if (!JsonNode.DeepEquals(eo[key], ao[key]))
                {
                    return FirstDifference(eo[key], ao[key], $"{path}.{key}");
                }
            }
        }
        else if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++)
            {
                if (!JsonNode.DeepEquals(ea[i], aa[i]))
                {
                    return FirstDifference(ea[i], aa[i], $"{path}[{i}]");
                }
            }
        }

        return $"{path}: committed {Shorten(expected)}, served {Shorten(actual)}";
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HeadlessCms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HeadlessCms.sln not found above the test binaries.");
    }
}
