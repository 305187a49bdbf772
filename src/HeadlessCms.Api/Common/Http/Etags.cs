using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using System.Reflection;

namespace HeadlessCms.Api.Common.Http;

/// <summary>A representation that knows the row version it was read at.</summary>
public interface IVersionedResponse
{
    int Version { get; }
}

public static class Etags
{
    /// <summary>
    /// A strong ETag: the row version (what If-Match compares) and a hash of the exact bytes (so anything that
    /// changes the representation, such as an author's new name, also changes the ETag and a 304 is never stale).
    /// </summary>
    public static string For(int version, ReadOnlySpan<byte> body) =>
        $"\"{version}-{Convert.ToHexStringLower(SHA256.HashData(body), 0, 8)}\"";

    public static int? VersionOf(string quotedTag)
    {
        var tag = quotedTag.Trim('"');
        var dash = tag.IndexOf('-');
        return int.TryParse(dash < 0 ? tag : tag[..dash], out var version) ? version : null;
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ is ignored, * matches anything.</summary>
    public static bool NoneMatch(HttpRequest request, string etag)
    {
        var values = request.Headers.IfNoneMatch;
        if (values.Count == 0 || !EntityTagHeaderValue.TryParseList(values, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}

/// <summary>
/// JSON with a strong ETag. On GET and HEAD, an If-None-Match that matches answers 304 with the same ETag and no body.
/// </summary>
public class VersionedJson<T>(T value, int version, int status, string? location) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var etag = Etags.For(version, body);
        http.Response.Headers.ETag = etag;
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        if (status == StatusCodes.Status200OK && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && Etags.NoneMatch(http.Request, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

public sealed class VersionedCreated<T>(T value, int version, string location)
    : VersionedJson<T>(value, version, StatusCodes.Status201Created, location), IEndpointMetadataProvider
{
    public static new void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), ["application/json"]));
}

public static class Versioned
{
    public static VersionedJson<T> Ok<T>(T value) where T : IVersionedResponse => new(value, value.Version, StatusCodes.Status200OK, null);

    /// <summary>A representation of part of a resource (such as an article's highlights), tagged with the resource's version.</summary>
    public static VersionedJson<T> Ok<T>(T value, int version) => new(value, version, StatusCodes.Status200OK, null);

    public static VersionedCreated<T> Created<T>(string location, T value) where T : IVersionedResponse => new(value, value.Version, location);
}
