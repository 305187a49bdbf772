using Microsoft.AspNetCore.Http.HttpResults;

namespace HeadlessCms.Api.Common.Http;

/// <summary>A read by id or slug: the resource, or the canonical path an old slug now redirects to.</summary>
public sealed record Found<T>(T? Value, string? MovedTo, PreSerializedJson? Document = null) where T : IVersionedResponse
{
    public static Found<T> At(T value) => new(value, null);

    public static Found<T> Moved(string path) => new(default, path);

    /// <summary>The representation straight from the read model, already serialized.</summary>
    public static Found<T> Stored(PreSerializedJson document) => new(default, null, document);

    /// <summary>200 with ETag (or 304), or 301 to the canonical path with the query string kept.</summary>
    public Results<PreSerializedJson, VersionedJson<T>, RedirectHttpResult> ToResult(HttpRequest request) =>
        Document is not null
            ? Document
            : MovedTo is null
                ? Versioned.Ok(Value!)
                : TypedResults.Redirect(MovedTo + request.QueryString, permanent: true);
}
