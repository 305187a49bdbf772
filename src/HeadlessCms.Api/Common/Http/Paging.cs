using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace HeadlessCms.Api.Common.Http;

public static class Paging
{
    /// <summary>200 with the page, and the next page's address in an RFC 8288 Link header.</summary>
    public static Ok<Page<T>> Ok<T>(HttpContext http, Page<T> page)
    {
        SetNextLink(http, page.NextCursor);
        return TypedResults.Ok(page);
    }

    /// <summary>A page put together from stored JSON (the read model), with the same Link header, an ETag and 304s.</summary>
    public static PreSerializedJson Stored(HttpContext http, StoredPage page)
    {
        SetNextLink(http, page.NextCursor);
        return new PreSerializedJson(page.Json, Etags.For(0, page.Json.Span), page.SurrogateKeys);
    }

    /// <summary>Writes {"items":[...],"nextCursor":...} around items that are already JSON.</summary>
    public static StoredPage Compose(IEnumerable<byte[]> items, string? nextCursor, string surrogateKeys)
    {
        // Sized for the whole page up front: growing it copies what is written so far (a list page is ~23 KB).
        var list = items as IReadOnlyCollection<byte[]> ?? items.ToList();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(list.Sum(i => i.Length + 1) + (nextCursor?.Length ?? 0) + 64);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in list)
            {
                writer.WriteRawValue(item, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteString("nextCursor", nextCursor);
            writer.WriteEndObject();
        }

        return new StoredPage(buffer.WrittenMemory, nextCursor, surrogateKeys);
    }

    /// <summary>The Link header alone, for lists whose page shape is their own (such as comment threads with their count).</summary>
    public static void SetNextLink(HttpContext http, string? nextCursor)
    {
        if (nextCursor is null)
        {
            return;
        }

        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        query["cursor"] = nextCursor;
        var next = http.RequestServices.GetRequiredService<PublicUrls>().Link(http.Request, QueryString.Create(query));
        http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
    }
}

/// <summary>A page whose JSON was put together from stored items.</summary>
public sealed record StoredPage(ReadOnlyMemory<byte> Json, string? NextCursor, string SurrogateKeys);
