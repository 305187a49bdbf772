using System.Text;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using Microsoft.Net.Http.Headers;

namespace HeadlessCms.Api.Features.Imports;

public enum ImportFormat
{
    Markdown,
    Html,
    Ninjs,
    PageCapture,
}

/// <summary>Which parser a content type selects, and how the body's bytes become text.</summary>
public static class ImportFormats
{
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string PlainText = "text/plain";
    public const string Json = "application/json";
    public const string Ninjs = "application/ninjs+json";

    public static readonly string[] MediaTypes = [Markdown, Html, PlainText, Json, Ninjs];

    public static ImportFormat? FromMediaType(string? mediaType) => mediaType?.Trim().ToLowerInvariant() switch
    {
        Markdown or "text/x-markdown" => ImportFormat.Markdown,
        Html or "application/xhtml+xml" => ImportFormat.Html,
        PlainText => ImportFormat.PageCapture,
        Json or Ninjs => ImportFormat.Ninjs,
        _ => null,
    };

    /// <summary>Parses a Content-Type value: 415 for a type no parser takes.</summary>
    public static (ImportFormat Format, string? Charset) FromContentType(string? contentType)
    {
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed) && FromMediaType(parsed.MediaType.Value) is { } format)
        {
            return (format, parsed.Charset.HasValue ? parsed.Charset.Value!.Trim('"') : null);
        }

        throw new UnsupportedImportException(
            $"Content-Type '{contentType}' is not an import format: send one of {string.Join(", ", MediaTypes.Select(m => $"'{m}'"))}.");
    }

    /// <summary>
    /// Bytes to text: with the declared charset, or strictly as UTF-8 when none is declared. Bytes that are not valid UTF-8
    /// are a 400 naming the first bad offset, never a guess: the repair works on text that decoded, not on raw bytes.
    /// </summary>
    public static (string Text, string Charset) Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        Encoding encoding;
        if (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            charset = "utf-8";
        }
        else
        {
            try
            {
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                encoding = Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                throw new UnsupportedImportException($"The charset '{charset}' is not one this server can decode; send UTF-8.");
            }
        }

        try
        {
            var text = encoding.GetString(bytes);
            return (text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, charset.ToLowerInvariant());
        }
        catch (DecoderFallbackException bad)
        {
            throw ValidationRules.Field("document",
                $"The body is not valid {charset} (the first bad byte is at offset {bad.Index}). Declare its charset in the Content-Type, or send UTF-8.");
        }
    }
}

/// <summary>415: the content type (or its charset) is not an import format.</summary>
public sealed class UnsupportedImportException(string detail)
    : ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", detail);
