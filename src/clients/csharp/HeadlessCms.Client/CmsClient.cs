using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HeadlessCms.Client;

// The hand-written part of the client: how to make one, and the JSON settings the generated code asks for through its
// partial hook. Everything else is CmsClient.g.cs, generated from openapi/openapi.json.
public partial class CmsClient
{
    /// <summary>
    /// A client for the API at <paramref name="baseAddress"/> (its origin, such as http://localhost:5080/; paths start
    /// with api/v1), sending <paramref name="apiKey"/> as a bearer token when one is given (reads and reader actions
    /// need none).
    /// </summary>
    public static CmsClient Create(Uri baseAddress, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = baseAddress;
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return new CmsClient(http);
    }

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.Converters.Add(new WireNameEnumConverterFactory());
        settings.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { WireNameEnumConverterFactory.UseForEnumProperties, MergePatch.OmitUnsetMembers },
        };
    }
}
