#include "npy_header.hpp"

#include <charconv>
#include <stdexcept>

namespace qmac::layer {

namespace {

// A cursor over the header text; every method throws std::invalid_argument on anything unexpected.
class HeaderText {
public:
    explicit HeaderText(std::string_view s) : s_(s) {}

    [[noreturn]] static void fail(const std::string& what) { throw std::invalid_argument(what); }

    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool at_end() { skip_space(); return i_ == s_.size(); }
    bool take(char c) {
        skip_space();
        if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; }
        return false;
    }
    void expect(char c, const char* where) {
        if (!take(c)) fail(std::string("expected '") + c + "' " + where);
    }

    // A Python string literal in ' or " quotes, without escapes (numpy writes none).
    std::string quoted(const char* what) {
        skip_space();
        const char q = i_ < s_.size() ? s_[i_] : '\0';
        if (q != '\'' && q != '"') fail(std::string("expected a quoted ") + what);
        const std::size_t end = s_.find(q, i_ + 1);
        if (end == std::string_view::npos) fail(std::string("unterminated ") + what);
        std::string v(s_.substr(i_ + 1, end - i_ - 1));
        if (v.find('\\') != std::string::npos) fail(std::string("escape sequence in ") + what);
        i_ = end + 1;
        return v;
    }

    bool python_bool(const char* what) {
        skip_space();
        for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}}) {
            if (s_.substr(i_, word.size()) == word) { i_ += word.size(); return value; }
        }
        fail(std::string(what) + " must be True or False");
    }

    // A tuple of decimal integers: (), (3,), (2, 3), (2, 3,).
    std::vector<std::uint64_t> shape_tuple() {
        expect('(', "to open 'shape'");
        std::vector<std::uint64_t> dims;
        bool comma = false;  // the last item was followed by a comma
        while (!take(')')) {
            if (!dims.empty() && !comma) fail("expected ',' or ')' in 'shape'");
            skip_space();
            const char* first = s_.data() + i_;
            const char* last = s_.data() + s_.size();
            std::uint64_t d = 0;
            const auto [end, ec] = std::from_chars(first, last, d);
            if (end == first || *first == '-' || *first == '+') fail("'shape' must hold non-negative integers");
            if (ec == std::errc::result_out_of_range || d > static_cast<std::uint64_t>(INT64_MAX)) {
                fail("a dimension of 'shape' is beyond 2^63 - 1");
            }
            i_ += static_cast<std::size_t>(end - first);
            dims.push_back(d);
            comma = take(',');
        }
        if (dims.size() == 1 && !comma) fail("'shape' must be a tuple: a single dimension needs its comma, (N,)");
        return dims;
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

}  // namespace

NpyHeader parse_npy_header(std::string_view text) {
    if (text.empty() || text.back() != '\n') throw std::invalid_argument("the header does not end with a newline");
    HeaderText h(text);
    NpyHeader out;
    bool seen_descr = false, seen_fortran = false, seen_shape = false;
    h.expect('{', "at the start");
    while (!h.take('}')) {
        const std::string key = h.quoted("key");
        h.expect(':', "after a key");
        bool* seen = key == "descr" ? &seen_descr : key == "fortran_order" ? &seen_fortran : key == "shape" ? &seen_shape : nullptr;
        if (seen == nullptr) HeaderText::fail("unknown key '" + key + "'");
        if (*seen) HeaderText::fail("key '" + key + "' given twice");
        *seen = true;
        if (key == "descr") out.descr = h.quoted("'descr'");
        else if (key == "fortran_order") out.fortran_order = h.python_bool("'fortran_order'");
        else out.shape = h.shape_tuple();
        if (!h.take(',')) {
            h.expect('}', "after a value");
            break;
        }
    }
    if (!h.at_end()) HeaderText::fail("text after the closing '}'");
    for (const auto& [seen, key] : {std::pair{seen_descr, "descr"}, std::pair{seen_fortran, "fortran_order"}, std::pair{seen_shape, "shape"}}) {
        if (!seen) HeaderText::fail(std::string("missing key '") + key + "'");
    }
    return out;
}

}  // namespace qmac::layer
