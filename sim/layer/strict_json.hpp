// The strict JSON reading that every qmac file format shares (layer files, network files): a key given twice
// in one object is refused (nlohmann would keep the last without a word), and JSON integers are read on their
// exact value.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include <nlohmann/json.hpp>

namespace qmac::layer {

// Parses JSON text; throws LayerError "source: not valid JSON (...)" or "source: field 'k' is given twice".
nlohmann::json parse_json_strict(std::istream& in, const std::string& source);

// A JSON integer's exact value, saturated into int64. nlohmann keeps integers above INT64_MAX as uint64,
// which get<int64_t>() would wrap (2^64 - 128 would read as -128); no field's range comes near the int64
// limits, so saturating keeps every range check exact.
std::int64_t saturating_int64(const nlohmann::json& v);

}  // namespace qmac::layer
