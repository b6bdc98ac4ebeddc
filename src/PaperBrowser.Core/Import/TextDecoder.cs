using System.Text;

namespace PaperBrowser.Import;

/// <summary>
/// Turns a file's bytes into text without guessing silently: UTF-8 (with or without BOM) and
/// UTF-16 are read as such, invalid UTF-8 falls back to Latin-1 with a warning, and binary
/// content is refused with a reason.
/// </summary>
public static class TextDecoder
{
    public sealed record Decoded(string? Text, string? Warning, string? Error);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Decoded Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new(Encoding.Unicode.GetString(bytes[2..]), "read as UTF-16 (little-endian, from its byte order mark)", null);
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), "read as UTF-16 (big-endian, from its byte order mark)", null);

        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        int nulEven = 0, nulOdd = 0, control = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            var b = sample[i];
            if (b == 0) { if (i % 2 == 0) nulEven++; else nulOdd++; }
            else if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C) control++;
        }

        if (nulEven + nulOdd > 0)
        {
            // UTF-16 text without a BOM has a zero in nearly every other byte (ASCII range).
            var half = sample.Length / 2;
            if (nulOdd > half * 0.6 && nulEven == 0)
                return new(Encoding.Unicode.GetString(bytes), "read as UTF-16 little-endian (no byte order mark)", null);
            if (nulEven > half * 0.6 && nulOdd == 0)
                return new(Encoding.BigEndianUnicode.GetString(bytes), "read as UTF-16 big-endian (no byte order mark)", null);
            return new(null, null, "this is a binary file, not text (it contains NUL bytes)");
        }

        if (sample.Length > 0 && control > sample.Length / 20)
            return new(null, null, "this is a binary file, not text (it is full of control characters)");

        try
        {
            return new(StrictUtf8.GetString(bytes), null, null);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? $" at byte {ex.Index}" : "";
            return new(Encoding.Latin1.GetString(bytes), $"not valid UTF-8{at}; read as Latin-1", null);
        }
    }
}
