// `run_seed` reproduces the seed's printout line for line, and its numeric formatting helpers match Python.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "qmac/golden/python_format.hpp"
#include "qmac/golden/seed_example.hpp"

using namespace qmac::golden;

namespace {
std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream f(path);
    REQUIRE(f.good());
    std::vector<std::string> lines;
    for (std::string line; std::getline(f, line);) lines.push_back(line);
    return lines;
}
}  // namespace

TEST_CASE("the seed example's 13 lines, character for character", "[seed]") {
    const std::vector<std::string> expected = read_lines(QMAC_SEED_EXPECTED_OUTPUT);
    REQUIRE(expected.size() == 13);
    const std::vector<std::string> actual = format_seed_report(run_seed(SeedInputs::example_01()));
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("line " << i + 1);
        CHECK(actual[i] == expected[i]);
    }
}

TEST_CASE("the seed's intermediate integers", "[seed]") {
    const SeedResult r = run_seed(SeedInputs::example_01());
    CHECK(r.weights_q == std::vector<std::int32_t>{-87, 31, 4, -46, 127});
    CHECK(r.activations_q == std::vector<std::int32_t>{7, 24, 5, 111, 90});
    CHECK(r.bias_q == 2577);
    CHECK(r.accumulator == 9056);
    CHECK(r.output_q == 98);
    CHECK(r.requant_coefficient == 0.010875590551181102);
    // The hardware's integer stand-in for seed mode gives the same output on the seed example.
    const QuantizedMultiplier m = quantize_multiplier(r.requant_coefficient);
    CHECK(m == QuantizedMultiplier{1494729784, -6});
    CHECK(requantize_truncate(r.accumulator, m, r.output_stage) == 98);
}

TEST_CASE("the seed procedure rejects bad input with a message", "[seed]") {
    SeedInputs in = SeedInputs::example_01();
    in.activations.pop_back();
    CHECK_THROWS_WITH(run_seed(in), Catch::Contains("differ in length"));
    in = SeedInputs::example_01();
    in.bits = 17;
    CHECK_THROWS_WITH(run_seed(in), Catch::Contains("k must be in [2, 16]"));
    in = SeedInputs::example_01();
    in.activation_range = 0.0;
    CHECK_THROWS_WITH(run_seed(in), Catch::Contains("range a must be finite and > 0"));
    in = SeedInputs::example_01();
    in.weights[1] = std::nan("");
    CHECK_THROWS_WITH(run_seed(in), Catch::Contains("weights[1] is not finite"));
    in = SeedInputs::example_01();
    in.bits = 16;
    in.weights.assign(4000, 1.0);
    in.activations.assign(4000, 6.0);
    in.bias = 0.0;
    CHECK_THROWS_WITH(run_seed(in), Catch::Contains("overflows int32"));
}

TEST_CASE("python_float_repr matches Python's repr", "[format]") {
    CHECK(python_float_repr(116.19701015660002) == "116.19701015660002");
    CHECK(python_float_repr(1.0) == "1.0");
    CHECK(python_float_repr(-0.0) == "-0.0");
    CHECK(python_float_repr(0.1) == "0.1");
    CHECK(python_float_repr(0.0001) == "0.0001");
    CHECK(python_float_repr(0.00001) == "1e-05");
    CHECK(python_float_repr(1.5e-7) == "1.5e-07");
    CHECK(python_float_repr(1e16) == "1e+16");
    CHECK(python_float_repr(1234567890123456.0) == "1234567890123456.0");
    CHECK(python_float_repr(12345678901234567.0) == "1.2345678901234568e+16");
    CHECK(python_float_repr(1e300) == "1e+300");
}

TEST_CASE("numpy_int_array_str matches numpy's str()", "[format]") {
    CHECK(numpy_int_array_str({-87, 31, 4, -46, 127}) == "[-87  31   4 -46 127]");
    CHECK(numpy_int_array_str({7, 24, 5, 111, 90}) == "[  7  24   5 111  90]");
    CHECK(numpy_int_array_str({}) == "[]");
    CHECK(numpy_int_array_str({5}) == "[5]");
}
