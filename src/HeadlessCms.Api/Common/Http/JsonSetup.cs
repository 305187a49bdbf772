using System.Text.Json;
using System.Text.Json.Serialization;
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

        // Source-generated metadata for the hot types first; reflection for the rest.
        options.TypeInfoResolverChain.Insert(0, CmsJsonContext.Default);
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}

[JsonSerializable(typeof(ArticleResponse))]
[JsonSerializable(typeof(ArticleListItem))]
[JsonSerializable(typeof(Page<ArticleListItem>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CmsJsonContext : JsonSerializerContext;
