#include "qmac/golden/python_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <system_error>

namespace qmac::golden {

std::string python_float_repr(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // Shortest round-trip digits in scientific form: "-d.ddde+XX".
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    if (res.ec != std::errc()) throw std::runtime_error("python_float_repr: to_chars failed");
    const std::string sci(buf, res.ptr);
    const bool negative = sci[0] == '-';
    const std::size_t e_pos = sci.find('e');
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e_pos; ++i) {
        if (sci[i] != '.') digits += sci[i];
    }
    const int exponent = std::stoi(sci.substr(e_pos + 1));  // value = d.ddd * 10^exponent
    std::string out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        } else if (static_cast<int>(digits.size()) <= exponent + 1) {
            out += digits + std::string(static_cast<std::size_t>(exponent + 1) - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, static_cast<std::size_t>(exponent + 1)) + "." +
                   digits.substr(static_cast<std::size_t>(exponent + 1));
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp_buf;
}

std::string format_fixed(double x, int digits) {
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    if (n < 0 || n >= static_cast<int>(sizeof buf)) throw std::runtime_error("format_fixed: value too long");
    return std::string(buf, static_cast<std::size_t>(n));
}

std::string numpy_int_array_str(const std::vector<std::int64_t>& values) {
    constexpr std::size_t line_width = 75;
    std::size_t width = 0;
    std::vector<std::string> words;
    words.reserve(values.size());
    for (std::int64_t v : values) {
        words.push_back(std::to_string(v));
        width = std::max(width, words.back().size());
    }
    // numpy's _formatArray: the line starts with the hanging indent " " that is replaced by "[" at the end;
    // a word that would pass line_width - len("]") goes to a new line.
    const std::string indent = " ";
    std::string text;
    std::string line = indent;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string word = std::string(width - words[i].size(), ' ') + words[i];
        if (line.size() + word.size() > line_width - 1 && line.size() > indent.size()) {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            text += line + "\n";
            line = indent;
        }
        line += word;
        if (i + 1 < words.size()) line += ' ';
    }
    text += line;
    return "[" + text.substr(indent.size()) + "]";
}

namespace {
// numpy/core/src/umath/loops_utils.h.src pairwise_sum, for a contiguous array.
double pairwise_sum(const double* a, std::size_t n) {
    constexpr std::size_t block = 128;
    if (n < 8) {
        double res = 0.0;
        for (std::size_t i = 0; i < n; ++i) res += a[i];
        return res;
    }
    if (n <= block) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += a[i];
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}
}  // namespace

double numpy_pairwise_sum(const std::vector<double>& values) { return pairwise_sum(values.data(), values.size()); }

}  // namespace qmac::golden
