// Conformance of `seed` mode, symmetric quantize, numpy's summation and numpy's array printing against numpy
// itself: tests/numpy/gen_seed_vectors.py writes the vectors (path in QMAC_NUMPY_VECTORS), this test
// recomputes every line with the golden model. 0 mismatches allowed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "qmac/golden/python_format.hpp"
#include "qmac/golden/quantize.hpp"
#include "qmac/golden/seed_example.hpp"

using namespace qmac::golden;

namespace {

double hex_to_double(const std::string& s) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0') throw std::runtime_error("bad float in vectors: " + s);
    return v;
}

std::vector<std::string> split(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> t;
    for (std::string w; in >> w;) t.push_back(w);
    return t;
}

std::string vectors_path() {
    const char* p = std::getenv("QMAC_NUMPY_VECTORS");
    if (p == nullptr) FAIL("QMAC_NUMPY_VECTORS is not set: run this test through ctest (it generates the vectors)");
    return p;
}

}  // namespace

TEST_CASE("golden seed mode, quantize and formatting equal numpy on every generated vector", "[numpy]") {
    std::ifstream f(vectors_path());
    REQUIRE(f.good());
    long quantize_cases = 0, dot_cases = 0, overflow_cases = 0, array_cases = 0, mismatches = 0;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> t = split(line);
        if (t[0] == "Q") {
            ++quantize_cases;
            const SymmetricQuant p{std::stoi(t[1]), 0.0, hex_to_double(t[3])};
            const std::int32_t q = quantize(hex_to_double(t[2]), p, Rounding::HalfEven);
            if (q != std::stoi(t[4])) {
                ++mismatches;
                UNSCOPED_INFO("quantize mismatch: " << line << " -> " << q);
            }
        } else if (t[0] == "S") {
            ++dot_cases;
            SeedInputs in;
            in.bits = std::stoi(t[1]);
            const std::size_t n = std::stoul(t[2]);
            in.activation_range = hex_to_double(t[3]);
            in.output_range = hex_to_double(t[4]);
            in.bias = hex_to_double(t[5]);
            std::size_t i = 6;
            for (std::size_t j = 0; j < n; ++j) in.weights.push_back(hex_to_double(t[i++]));
            for (std::size_t j = 0; j < n; ++j) in.activations.push_back(hex_to_double(t[i++]));
            REQUIRE(t[i++] == "|");
            const double res = hex_to_double(t[i++]);
            std::vector<std::int32_t> wq, aq;
            for (std::size_t j = 0; j < n; ++j) wq.push_back(static_cast<std::int32_t>(std::stoll(t[i++])));
            for (std::size_t j = 0; j < n; ++j) aq.push_back(static_cast<std::int32_t>(std::stoll(t[i++])));
            const long long bq = std::stoll(t[i++]), acc = std::stoll(t[i++]), y = std::stoll(t[i++]);
            const double deq = hex_to_double(t[i++]), err = hex_to_double(t[i++]);
            const bool numpy_overflows = acc < INT32_MIN || acc > INT32_MAX || bq < INT32_MIN || bq > INT32_MAX;
            if (numpy_overflows) {
                // numpy sums in int64; the int32 datapath cannot hold this accumulator and must say so.
                ++overflow_cases;
                bool threw = false;
                try {
                    (void)run_seed(in);
                } catch (const std::overflow_error&) {
                    threw = true;
                }
                if (!threw) {
                    ++mismatches;
                    UNSCOPED_INFO("no overflow reported for numpy accumulator " << acc);
                }
                continue;
            }
            const SeedResult r = run_seed(in);
            const bool same = r.float_result == res && r.weights_q == wq && r.activations_q == aq && r.bias_q == bq &&
                              r.accumulator == acc && r.output_q == y && r.dequantized == deq && r.error_percent == err;
            if (!same) {
                ++mismatches;
                UNSCOPED_INFO("seed mismatch on: " << line.substr(0, 200) << "\n golden acc " << r.accumulator << " y "
                              << r.output_q << " res " << python_float_repr(r.float_result));
            }
        } else if (t[0] == "A") {
            ++array_cases;
            std::vector<std::int64_t> v;
            for (std::size_t j = 2; j < t.size(); ++j) v.push_back(std::stoll(t[j]));
            std::string expected;
            REQUIRE(std::getline(f, expected));
            std::string actual = numpy_int_array_str(v);
            for (char& c : actual) c = c == '\n' ? '|' : c;
            if (actual != expected) {
                ++mismatches;
                UNSCOPED_INFO("array str mismatch:\n numpy  " << expected << "\n golden " << actual);
            }
        }
    }
    std::cout << "numpy conformance: " << quantize_cases << " quantize, " << dot_cases << " seed dot products ("
              << overflow_cases << " int32 overflows refused), " << array_cases << " array prints; " << mismatches
              << " mismatches\n";
    CHECK(quantize_cases >= 100000);
    CHECK(dot_cases >= 100000);
    CHECK(mismatches == 0);
}
