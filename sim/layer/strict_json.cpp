#include "strict_json.hpp"

#include <set>
#include <vector>

#include "layer_spec.hpp"

namespace qmac::layer {

using nlohmann::json;

json parse_json_strict(std::istream& in, const std::string& source) {
    std::vector<std::set<std::string>> keys;  // of each object being parsed, innermost last
    std::string repeated;
    const json::parser_callback_t watch_keys = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start) keys.emplace_back();
        if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
        if (event == json::parse_event_t::key && !keys.empty()) {
            const std::string& k = parsed.get_ref<const std::string&>();
            if (!keys.back().insert(k).second && repeated.empty()) repeated = k;
        }
        return true;
    };
    json j;
    try {
        j = json::parse(in, watch_keys);
    } catch (const json::exception& e) {  // parse errors, and numbers beyond double (1e999)
        throw LayerError(source + ": not valid JSON (" + e.what() + ")");
    }
    if (!repeated.empty()) throw LayerError(source + ": field '" + repeated + "' is given twice");
    return j;
}

std::int64_t saturating_int64(const json& v) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return INT64_MAX;
    return v.get<std::int64_t>();
}

}  // namespace qmac::layer
