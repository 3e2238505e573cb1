// The ops that run in the golden model, on hand-made tensors whose results are worked out here by hand:
// pools (padding excluded, clamps, TFLite's rounding of averages), add (the three runtimes' ties),
// quantize (float32 and int8 -> uint8), dequantize, reshape.
#include <catch2/catch.hpp>

#include "network_fixture.hpp"
#include "qmac/golden/average_pool.hpp"
#include "qmac/golden/quantized_add.hpp"
#include "qmac/golden/tensor_quantize.hpp"

using namespace qmac;
using test::int8_tensor;

namespace {

std::vector<std::int32_t> run_one(const std::string& text, const std::vector<std::int32_t>& codes) {
    const network::NetworkSpec net = test::parse(text, {});
    network::Tensor x;
    x.codes = codes;
    return network::run_network(net, x, network::golden_mac()).tensors[net.output].codes;
}

std::string pool(const std::string& op, const std::string& extra, const std::string& in, const std::string& out) {
    return test::network_json("x", "y", {{"x", int8_tensor(in, 0.5, 1, "x")}, {"y", int8_tensor(out, 0.5, 1, "y")}},
                              {"{\"op\": \"" + op + "\", \"name\": \"pool\", \"inputs\": [\"x\"], \"outputs\": [\"y\"], " + extra + "}"});
}

}  // namespace

TEST_CASE("max_pool_2d: padded positions take no part, the result is clamped") {
    // 1x3x3x1 NHWC:   -5 -7 -9 / -1 -2 -3 / 4 8 6; kernel 2x2, stride 2, pads top/left 1: windows
    // {-5}, {-7,-9}, {-1,4}, {-2,-3,8,6}; the pads would add the zero point 1 if they took part.
    const std::string text = pool("max_pool_2d", R"("layout": "nhwc", "kernel": [2, 2], "stride": [2, 2], "pads": [1, 1, 0, 0], "output_min": -6, "output_max": 7)",
                                  "[1, 3, 3, 1]", "[1, 2, 2, 1]");
    CHECK(run_one(text, {-5, -7, -9, -1, -2, -3, 4, 8, 6}) == std::vector<std::int32_t>{-5, -6, 4, 7});
}

TEST_CASE("max_pool_2d nchw: each channel its own windows") {
    const std::string text = pool("max_pool_2d", R"("layout": "nchw", "kernel": [1, 2], "stride": [1, 2], "pads": [0, 0, 0, 0])",
                                  "[1, 2, 1, 4]", "[1, 2, 1, 2]");
    CHECK(run_one(text, {1, 2, 3, 4, -8, -9, 100, -128}) == std::vector<std::int32_t>{2, 4, -8, 100});
}

TEST_CASE("average_pool_2d: TFLite's average of the positions inside the image, ties away from zero") {
    // 1x2x4x1: row 0: 2 3 -2 -3, row 1: 0 0 0 0; kernel 2x2, stride (1, 2), pads bottom 1, right 0:
    // windows (rows 0-1 | row 1 + pad): {2,3,0,0} = 5/4 -> 1; {-2,-3,0,0} = -5/4 -> -1; {0,0} = 0; {0,0} = 0.
    const std::string text = pool("average_pool_2d", R"("layout": "nhwc", "kernel": [2, 2], "stride": [1, 2], "pads": [0, 0, 1, 0], "rounding": "tflite")",
                                  "[1, 2, 4, 1]", "[1, 2, 2, 1]");
    CHECK(run_one(text, {2, 3, -2, -3, 0, 0, 0, 0}) == std::vector<std::int32_t>{1, -1, 0, 0});
    // Row 1 holds the codes instead: the top windows still average four (5/4 -> 1), the bottom windows hold
    // row 1's two codes only (count 2): 5/2 = 2.5 -> 3, -5/2 -> -3; then 1/4 -> 0 and 1/2 -> 1, -1/2 -> -1.
    CHECK(run_one(text, {0, 0, 0, 0, 2, 3, -2, -3}) == std::vector<std::int32_t>{1, -1, 3, -3});
    CHECK(run_one(text, {0, 0, 0, 0, 1, 0, -1, 0}) == std::vector<std::int32_t>{0, 0, 1, -1});
    CHECK(golden::average_pool_tflite(7, 4) == 2);    // 1.75
    CHECK(golden::average_pool_tflite(-6, 4) == -2);  // -1.5: away from zero
    CHECK(golden::average_pool_tflite(-5, 4) == -1);  // -1.25
}

TEST_CASE("average_pool_2d clamps to output_min / output_max") {
    const std::string text = pool("average_pool_2d", R"("layout": "nchw", "kernel": [1, 2], "stride": [1, 2], "pads": [0, 0, 0, 0], "rounding": "tflite", "output_min": -10, "output_max": 10)",
                                  "[1, 1, 1, 4]", "[1, 1, 1, 2]");
    CHECK(run_one(text, {100, 120, -50, -51}) == std::vector<std::int32_t>{10, -10});
}

TEST_CASE("add: equal scales add the codes exactly in all three runtimes, and clamp") {
    for (const char* r : {"tflite", "xnnpack", "onnxruntime"}) {
        const golden::AddParams p = golden::make_add_params(golden::parse_add_rounding(r), {1.0f, 0}, {1.0f, 0}, {1.0f, 0});
        CHECK(golden::add_quantized(3, 4, p, -128, 127) == 7);
        CHECK(golden::add_quantized(-30, 4, p, -128, 127) == -26);
        CHECK(golden::add_quantized(100, 100, p, -128, 127) == 127);
        CHECK(golden::add_quantized(5, 5, p, -128, 6) == 6);
    }
}

TEST_CASE("add: the runtimes' ties (scales 0.5, 0.5 -> 1)") {
    // a * 0.5 with b = 0: the exact value is a half for odd a. TFLite rounds it away from zero (RDBPOT),
    // XNNPACK toward +infinity (the rounding constant 2^(shift-1) and an arithmetic shift), ONNX Runtime to
    // even (cvtps2dq).
    const auto add = [](const char* r, int a) {
        const golden::AddParams p = golden::make_add_params(golden::parse_add_rounding(r), {0.5f, 0}, {0.5f, 0}, {1.0f, 0});
        return golden::add_quantized(a, 0, p, -128, 127);
    };
    const int a[] = {1, -1, 3, -3, 5, -5};           // 0.5  -0.5  1.5  -1.5  2.5  -2.5
    const int tflite[] = {1, -1, 2, -2, 3, -3};
    const int xnnpack[] = {1, 0, 2, -1, 3, -2};
    const int onnxruntime[] = {0, 0, 2, -2, 2, -2};
    for (int i = 0; i < 6; ++i) {
        CHECK(add("tflite", a[i]) == tflite[i]);
        CHECK(add("xnnpack", a[i]) == xnnpack[i]);
        CHECK(add("onnxruntime", a[i]) == onnxruntime[i]);
    }
}

TEST_CASE("add: zero points and unequal scales (0.1 * (20 - 10) + 0.2 * (5 - -5) = 3.0 at scale 0.5, zp 4 -> 10)") {
    for (const char* r : {"tflite", "xnnpack", "onnxruntime"}) {
        const golden::AddParams p = golden::make_add_params(golden::parse_add_rounding(r), {0.1f, 10}, {0.2f, -5}, {0.5f, 4});
        CHECK(golden::add_quantized(20, 5, p, -128, 127) == 10);
    }
}

TEST_CASE("add: XNNPACK refuses scale ratios outside 2^-10 to 2^8, TFLite an output multiplier of 1 or more") {
    CHECK_THROWS_WITH(golden::make_add_params(golden::AddRounding::Xnnpack, {1.0f, 0}, {0.0001f, 0}, {1.0f, 0}),
                      Catch::Contains("[2^-10, 2^8)"));
    CHECK_THROWS_WITH(golden::make_add_params(golden::AddRounding::TFLite, {1.0f, 0}, {1.0f, 0}, {1e-7f, 0}),
                      Catch::Contains("output multiplier in (0, 1)"));
}

TEST_CASE("quantize float32: TFLite ties away from zero, ONNX Runtime and XNNPACK to even, saturation") {
    const golden::IntRange i8 = golden::signed_range(8), u8 = golden::unsigned_range(8);
    CHECK(golden::quantize_tflite(0.25f, 0.5f, 0, i8) == 1);       // 0.5
    CHECK(golden::quantize_tflite(-0.25f, 0.5f, 0, i8) == -1);
    CHECK(golden::quantize_onnxruntime(0.25f, 0.5f, 0, i8) == 0);
    CHECK(golden::quantize_onnxruntime(0.75f, 0.5f, 0, i8) == 2);  // 1.5
    CHECK(golden::quantize_xnnpack(-0.25f, 0.5f, 0, i8) == 0);
    CHECK(golden::quantize_tflite(1000.0f, 0.5f, 3, i8) == 127);
    CHECK(golden::quantize_onnxruntime(-1000.0f, 0.5f, 3, i8) == -128);
    CHECK(golden::quantize_xnnpack(1e30f, 0.5f, 128, u8) == 255);
    CHECK(golden::quantize_tflite(1e30f, 0.5f, 128, u8) == 255);  // clamped in float64, before any int32 cast
    CHECK(golden::quantize_tflite(-3e38f, 0.5f, -128, i8) == -128);
    CHECK(golden::quantize_tflite(1.0f, 0.5f, 128, u8) == 130);
}

TEST_CASE("quantize op: int8 -> uint8 requantization (scale ratio 1: q + 128, ratio 1/2: the ties of SRDHM go up)") {
    const auto text = [](double out_scale) {
        return test::network_json("x", "y",
            {{"x", int8_tensor("[4]", 0.5, 0, "x")},
             {"y", "{\"shape\": [4], \"dtype\": \"uint8\", \"scale\": " + std::to_string(out_scale) + ", \"zero_point\": 128, \"trace\": \"y.npy\"}"}},
            {R"({"op": "quantize", "name": "q", "inputs": ["x"], "outputs": ["y"], "rounding": "tflite"})"});
    };
    CHECK(run_one(text(0.5), {-128, -1, 0, 127}) == std::vector<std::int32_t>{0, 127, 128, 255});
    CHECK(run_one(text(1.0), {1, -1, 3, -3}) == std::vector<std::int32_t>{129, 128, 130, 127});  // 0.5 1 -0.5 0 1.5 2 -1.5 -1
}

TEST_CASE("quantize op: XNNPACK's requantization, one rounding with ties up (M = 256 * ratio)") {
    const std::string text = test::network_json("x", "y",
        {{"x", int8_tensor("[6]", 0.5, 0, "x")},
         {"y", R"({"shape": [6], "dtype": "uint8", "scale": 1.0, "zero_point": 128, "trace": "y.npy"})"}},
        {R"({"op": "quantize", "name": "q", "inputs": ["x"], "outputs": ["y"], "rounding": "xnnpack"})"});
    // q * 0.5: 0.5 -> 1, -0.5 -> 0, 1.5 -> 2, -1.5 -> -1 (ties up), 100 -> 50, -128 -> -64.
    CHECK(run_one(text, {1, -1, 3, -3, 100, -128}) == std::vector<std::int32_t>{129, 128, 130, 127, 178, 64});
    CHECK(golden::xnnpack_requantize_multiplier(0.5f, 1.0f) == 128);
    CHECK_THROWS_WITH(golden::xnnpack_requantize_multiplier(1.0f, 1000.0f), Catch::Contains("[2^-8, 2^7]"));
}

TEST_CASE("dequantize: float32(scale * (q - zero_point)), reshape keeps the codes") {
    const std::string text = test::network_json("x", "z",
        {{"x", int8_tensor("[2, 2]", 0.1, 2, "x")}, {"y", int8_tensor("[4]", 0.1, 2, "y")},
         {"z", R"({"shape": [4], "dtype": "float32", "trace": "z.npy"})"}},
        {R"({"op": "reshape", "name": "r", "inputs": ["x"], "outputs": ["y"]})",
         R"({"op": "dequantize", "name": "d", "inputs": ["y"], "outputs": ["z"]})"});
    const network::NetworkSpec net = test::parse(text, {});
    network::Tensor x;
    x.codes = {-3, 2, 127, -128};
    const network::NetworkRun run = network::run_network(net, x, network::golden_mac());
    CHECK(run.tensors[1].codes == x.codes);
    const float s = 0.1f;
    CHECK(run.tensors[2].reals == std::vector<float>{-5 * s, 0.0f, 125 * s, -130 * s});
}
