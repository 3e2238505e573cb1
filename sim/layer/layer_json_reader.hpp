// The layer JSON reader's field reader (internal to sim/layer): every field read with its exact type and
// range, each problem one line naming the file (LayerError). Shared by layer_spec.cpp and layer_requant.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layer_spec.hpp"
#include "strict_json.hpp"

namespace qmac::layer::detail {

using nlohmann::json;

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}
    [[noreturn]] void fail(const std::string& what) const { throw LayerError(source_ + ": " + what); }

    std::int64_t integer(const json& j, const std::string& field, std::int64_t fallback, std::int64_t lo,
                         std::int64_t hi) const {
        if (!j.contains(field)) return fallback;
        const json& v = j.at(field);
        if (!v.is_number_integer()) fail("'" + field + "' must be an integer");
        const std::int64_t x = saturating_int64(v);
        if (x < lo || x > hi) {
            fail("'" + field + "' = " + v.dump() + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        }
        return x;
    }

    // An integer or an array of n integers in [lo, hi], as n values (JSON integers only: a float such as
    // 2147483647.0000001 would round to an integer on parsing and pass).
    std::vector<std::int64_t> integer_per_channel(const json& j, const std::string& field, std::size_t n,
                                                  std::int64_t lo, std::int64_t hi) const {
        const json& v = j.at(field);
        std::vector<const json*> items;
        if (v.is_array()) {
            if (v.size() != n) {
                fail("'" + field + "' has " + std::to_string(v.size()) + " entries, the layer has " +
                     std::to_string(n) + " output channels");
            }
            for (const json& e : v) items.push_back(&e);
        } else {
            items.assign(n, &v);
        }
        std::vector<std::int64_t> out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& e = *items[i];
            const std::string name = "'" + field + "'" + (v.is_array() ? "[" + std::to_string(i) + "]" : "");
            if (!e.is_number_integer()) fail(name + " must be an integer or an array of integers");
            const std::int64_t x = saturating_int64(e);
            if (x < lo || x > hi) {
                fail(name + " = " + e.dump() + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
            }
            out.push_back(x);
        }
        return out;
    }

    // A number or an array of n numbers, as n values; `what` names it in messages.
    std::vector<double> per_channel(const json& j, const std::string& field, std::size_t n) const {
        const json& v = j.at(field);
        std::vector<double> out;
        if (v.is_number()) {
            out.assign(n, v.get<double>());
        } else if (v.is_array()) {
            if (v.size() != n) {
                fail("'" + field + "' has " + std::to_string(v.size()) + " entries, the layer has " +
                     std::to_string(n) + " output channels");
            }
            for (const json& e : v) {
                if (!e.is_number()) fail("'" + field + "' must hold numbers only");
                out.push_back(e.get<double>());
            }
        } else {
            fail("'" + field + "' must be a number or an array of numbers");
        }
        return out;
    }

    std::vector<double> positive_per_channel(const json& j, const std::string& field, std::size_t n) const {
        std::vector<double> v = per_channel(j, field, n);
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!std::isfinite(v[i]) || !(v[i] > 0.0)) {
                fail("'" + field + "'[" + std::to_string(i) + "] = " + std::to_string(v[i]) + " must be finite and > 0");
            }
        }
        return v;
    }

private:
    std::string source_;
};

}  // namespace qmac::layer::detail
