using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Common.Http;

/// <summary>One JSON configuration for responses, the read model and the tools that build it.</summary>
public static class JsonSetup
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));

        // One input rule for every string a client sends (see TextInput), and no member twice: with duplicates allowed,
        // {"role":"partner","role":"admin"} silently meant the last one.
        options.Converters.Add(new TextJsonConverter());
        options.Converters.Add(new JsonObjectInputConverter());
        options.AllowDuplicateProperties = false;

        // A member the body's type does not have is the client's mistake, not something to drop: "highlight" for
        // "highlights" used to create the article without them. Every POST and PUT now answers a 400 naming it, as
        // PATCH does (the document says additionalProperties: false).
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;

        // Source-generated metadata for the hot types first; reflection for the rest.
        options.TypeInfoResolverChain.Insert(0, CmsJsonContext.Default);
    }

    /// <summary>For bodies the API reads itself (such as a merged JSON Merge Patch): the same rules as bound bodies.</summary>
    public static readonly JsonSerializerOptions Input = CreateInput();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    private static JsonSerializerOptions CreateInput()
    {
        // Any request type, not only the source-generated ones: reflection behind the generated context.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        Configure(options);
        return options;
    }
}

[JsonSerializable(typeof(ArticleResponse))]
[JsonSerializable(typeof(ArticleListItem))]
[JsonSerializable(typeof(Page<ArticleListItem>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CmsJsonContext : JsonSerializerContext;
