// Typed, range-checked reads of network.json's fields; every error is one line headed by `where`
// ("network.json: op 'conv1': ").
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "network_spec.hpp"
#include "strict_json.hpp"

namespace qmac::network {

class Fields {
public:
    using json = nlohmann::json;
    Fields(const json& object, std::string where) : j_(object), where_(std::move(where)) {}

    [[noreturn]] void fail(const std::string& what) const { throw NetworkError(where_ + what); }
    const std::string& where() const { return where_; }
    bool has(const char* f) const { return j_.contains(f); }

    // Refuses a field outside `known`.
    void only(std::initializer_list<const char*> known) const {
        for (const auto& item : j_.items()) {
            bool ok = false;
            for (const char* k : known) ok = ok || item.key() == k;
            if (!ok) fail("unknown field '" + item.key() + "'");
        }
    }
    const json& at(const char* f) const {
        if (!j_.contains(f)) fail(std::string("'") + f + "' is missing");
        return j_.at(f);
    }
    std::string string(const char* f) const {
        const json& v = at(f);
        if (!v.is_string()) fail(std::string("'") + f + "' must be a string");
        return v.get<std::string>();
    }
    // A JSON integer (not 2.0) in [lo, hi].
    std::int64_t integer(const json& v, const std::string& what, std::int64_t lo, std::int64_t hi) const {
        if (!v.is_number_integer()) fail(what + " must be an integer");
        const std::int64_t x = layer::saturating_int64(v);
        if (x < lo || x > hi) {
            fail(what + " = " + v.dump() + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        }
        return x;
    }
    std::int64_t integer(const char* f, std::int64_t lo, std::int64_t hi) const {
        return integer(at(f), std::string("'") + f + "'", lo, hi);
    }
    // An array of integers in [lo, hi]; `count` entries exactly unless count == 0 (then at least one).
    std::vector<std::size_t> sizes(const char* f, std::size_t count, std::int64_t lo, std::int64_t hi) const {
        const json& v = at(f);
        if (!v.is_array() || (count != 0 && v.size() != count) || (count == 0 && v.empty())) {
            fail(std::string("'") + f + "' must be an array of " +
                 (count != 0 ? std::to_string(count) : std::string("one or more")) + " integers");
        }
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            out.push_back(static_cast<std::size_t>(
                integer(v[i], std::string("'") + f + "'[" + std::to_string(i) + "]", lo, hi)));
        }
        return out;
    }
    // An array of strings (tensor names).
    std::vector<std::string> names(const char* f) const {
        const json& v = at(f);
        if (!v.is_array()) fail(std::string("'") + f + "' must be an array of tensor names");
        std::vector<std::string> out;
        for (const json& e : v) {
            if (!e.is_string()) fail(std::string("'") + f + "' must be an array of tensor names");
            out.push_back(e.get<std::string>());
        }
        return out;
    }

private:
    const json& j_;
    std::string where_;
};

}  // namespace qmac::network
