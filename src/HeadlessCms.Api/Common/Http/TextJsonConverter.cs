using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Api.Common.Http;

/// <summary>
/// Every JSON string a client sends passes through here, whatever the endpoint: text that breaks <see cref="TextInput"/>
/// is refused with the JSON path of the field, accepted text is normalized to NFC. Writing is the plain default.
/// </summary>
public sealed class TextJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // The serializer turns this into its usual "wrong type" error with the path.
            throw new JsonException();
        }

        return Checked(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Checked(ref Utf8JsonReader reader)
    {
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\ud800) or bytes that are not UTF-8.
            throw new InvalidTextException();
        }

        if (!TextInput.IsValid(value))
        {
            throw new InvalidTextException();
        }

        return TextInput.Normalize(value);
    }
}

/// <summary>
/// Bodies bound as a JsonObject (JSON Merge Patch) get the same rules as typed bodies: text is checked, and a member
/// given twice is refused (System.Text.Json's JsonObject would throw an ArgumentException on it, a 500).
/// </summary>
public sealed class JsonObjectInputConverter : JsonConverter<JsonObject>
{
    public override JsonObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException();
        }

        var element = JsonElement.ParseValue(ref reader);
        Check(element, "$");
        return JsonObject.Create(element)!;
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new InvalidTextException(path);
                    }

                    var at = path + "." + name;
                    if (!TextInput.IsValid(name))
                    {
                        throw new InvalidTextException(path);
                    }

                    if (!seen.Add(name))
                    {
                        throw new DuplicateMemberException(at);
                    }

                    Check(member.Value, at);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new InvalidTextException(path);
                }

                if (!TextInput.IsValid(text))
                {
                    throw new InvalidTextException(path);
                }

                break;
        }
    }
}

/// <summary>A JSON string broke the text rule; the path names the field (the serializer fills it in when not known here).</summary>
public sealed class InvalidTextException(string? path = null) : JsonException("The text " + TextInput.Rule + ".")
{
    public string? FieldPath { get; } = path;
}

/// <summary>A member appears twice in one JSON object.</summary>
public sealed class DuplicateMemberException(string path) : JsonException($"The member at {path} appears more than once.")
{
    public string FieldPath { get; } = path;
}
