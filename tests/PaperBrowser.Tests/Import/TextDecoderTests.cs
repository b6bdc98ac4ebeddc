using System.Text;
using PaperBrowser.Import;

namespace PaperBrowser.Tests.Import;

public class TextDecoderTests
{
    private const string Text = "Poincaré maps, naïve Bayes and S$^{2}$FT\nsecond line";

    [Fact]
    public void Plain_UTF8_is_read_without_remarks()
    {
        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(Text));

        Assert.Equal(Text, decoded.Text);
        Assert.Null(decoded.Warning);
        Assert.Null(decoded.Error);
    }

    [Fact]
    public void UTF8_byte_order_mark_is_dropped()
    {
        var decoded = TextDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)]);

        Assert.Equal(Text, decoded.Text);
        Assert.Null(decoded.Warning);
    }

    [Fact]
    public void UTF16_with_a_byte_order_mark_is_read_in_either_byte_order()
    {
        var little = TextDecoder.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)]);
        var big = TextDecoder.Decode([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Text)]);

        Assert.Equal(Text, little.Text);
        Assert.Equal(Text, big.Text);
        Assert.Contains("little-endian", little.Warning);
        Assert.Contains("big-endian", big.Warning);
        Assert.Null(little.Error);
    }

    [Fact]
    public void UTF16_without_a_byte_order_mark_is_recognised_by_its_zero_bytes()
    {
        var little = TextDecoder.Decode(Encoding.Unicode.GetBytes(Text));
        var big = TextDecoder.Decode(Encoding.BigEndianUnicode.GetBytes(Text));

        Assert.Equal(Text, little.Text);
        Assert.Equal(Text, big.Text);
        Assert.Contains("no byte order mark", little.Warning);
    }

    [Fact]
    public void Bytes_with_scattered_zeros_are_binary()
    {
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        bytes[10] = 0;
        bytes[11] = 0;

        var decoded = TextDecoder.Decode(bytes);

        Assert.Null(decoded.Text);
        Assert.Contains("binary", decoded.Error);
    }

    [Fact]
    public void Bytes_full_of_control_characters_are_binary()
    {
        var bytes = Enumerable.Range(0, 2000).Select(i => (byte)(i % 3 == 0 ? 0x01 : 'a')).ToArray();

        var decoded = TextDecoder.Decode(bytes);

        Assert.Null(decoded.Text);
        Assert.Contains("control characters", decoded.Error);
    }

    [Fact]
    public void Tabs_and_form_feeds_are_text()
    {
        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a\tb\fc\r\n", 100))));

        Assert.NotNull(decoded.Text);
        Assert.Null(decoded.Error);
    }

    [Fact]
    public void Invalid_UTF8_falls_back_to_Latin1_and_says_where()
    {
        var bytes = Encoding.Latin1.GetBytes(Text);

        var decoded = TextDecoder.Decode(bytes);

        Assert.Equal(Text, decoded.Text);
        Assert.Contains("not valid UTF-8", decoded.Warning);
        Assert.Contains($"byte {Text.IndexOf('é')}", decoded.Warning);
    }

    [Fact]
    public void Empty_input_is_empty_text()
    {
        var decoded = TextDecoder.Decode([]);

        Assert.Equal("", decoded.Text);
        Assert.Null(decoded.Error);
    }
}
