// The qmac golden model: the numerics specification of the datapath (see docs/numerics.md).
#pragma once

#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/fixed_point_mapping.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "qmac/golden/python_format.hpp"
#include "qmac/golden/quantize.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/golden/rounding.hpp"
#include "qmac/golden/seed_example.hpp"
