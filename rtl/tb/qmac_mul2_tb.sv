// qmac_mul2_tb: self-checking simulation of qmac_mul2 (the RTL, or the synthesized netlist of scripts/synth
// with the DSP48E2 model rtl/tb/dsp48e2_model.sv and Yosys' cells_sim.v). Drives a corner set, every
// combination of the activations {0, 1, 2, 126, 127, 128, 129, 254, 255} as int8 and as uint8 codes with
// the weights {+-255, +-254, +-128, +-127, +-1, 0} for w0 and w1, then NRANDOM random triples (int8 or
// uint8 activation, |w| <= WeightMax), one per clock with random idle cycles (enable low, random inputs),
// and compares both products with the plain products a * w0 and a * w1 after Mul2Latency enabled edges.
// Prints "PASS <n> triples" and ends with $finish, or "FAIL <k> errors" and ends with $fatal.
module qmac_mul2_tb #(
  parameter int NRANDOM = 100000,
  parameter int SEED    = 1
);
  localparam int OpBits   = qmac_pkg::WeightBits;
  localparam int ProdBits = qmac_pkg::ProdBits;
  localparam int Latency  = qmac_mvu_pkg::Mul2Latency;
  localparam int WMax     = qmac_mvu_pkg::WeightMax;
  localparam int NCodes   = 9;
  localparam int NWeights = 11;

  logic clk = 1'b0;
  logic en = 1'b0;
  logic [OpBits-1:0] act = '0, wgt0 = '0, wgt1 = '0;
  logic [ProdBits-1:0] prod0, prod1;
  // The triples in flight: entry k % 8 holds the k-th enabled triple.
  int exp_a [0:7], exp_w0 [0:7], exp_w1 [0:7];
  int n = 0, errors = 0;
  integer seed = SEED;

  qmac_mul2 dut (.clk_i(clk), .en_i(en), .act_i(act), .wgt0_i(wgt0), .wgt1_i(wgt1), .prod0_o(prod0), .prod1_o(prod1));

  always #5 clk = ~clk;

  function automatic int sext(input logic [ProdBits-1:0] v);
    return v[ProdBits-1] ? int'(v) - (1 << ProdBits) : int'(v);
  endfunction

  // After the edge that sampled triple k, the outputs belong to triple k - (Latency - 1).
  task automatic check(input int k);
    int a, w0, w1;
    a = exp_a[k % 8]; w0 = exp_w0[k % 8]; w1 = exp_w1[k % 8];
    if ((^prod0 === 1'bx) || (^prod1 === 1'bx) || sext(prod0) != a * w0 || sext(prod1) != a * w1) begin
      errors = errors + 1;
      if (errors <= 10) $display("a=%0d w0=%0d w1=%0d: prod0 %0d (want %0d), prod1 %0d (want %0d) %b %b", a, w0, w1,
                                 sext(prod0), a * w0, sext(prod1), a * w1, prod0, prod1);
    end
  endtask

  // One enabled edge for (a, w0, w1), sometimes after an idle edge with random inputs.
  task automatic drive(input int a, input int w0, input int w1);
    if (($random(seed) & 15) == 0) begin
      @(negedge clk);
      en = 1'b0;
      act = $random(seed); wgt0 = $random(seed); wgt1 = $random(seed);
      @(posedge clk);
    end
    @(negedge clk);
    en = 1'b1;
    act = a[OpBits-1:0]; wgt0 = w0[OpBits-1:0]; wgt1 = w1[OpBits-1:0];
    exp_a[n % 8] = a; exp_w0[n % 8] = w0; exp_w1[n % 8] = w1;
    @(posedge clk);
    #1;
    if (n >= Latency - 1) check(n - (Latency - 1));
    n = n + 1;
  endtask

  // The corner values (functions: Icarus 11 cannot assign an array pattern).
  function automatic int corner_code(input int i);
    case (i)
      0: return 0;    1: return 1;    2: return 2;    3: return 126; 4: return 127;
      5: return 128;  6: return 129;  7: return 254;  default: return 255;
    endcase
  endfunction
  function automatic int corner_weight(input int i);
    case (i)
      0: return -WMax;  1: return -WMax + 1;  2: return -128;  3: return -127;  4: return -1;  5: return 0;
      6: return 1;      7: return 127;        8: return 128;   9: return WMax - 1;  default: return WMax;
    endcase
  endfunction

  function automatic int random_weight();
    return ($unsigned($random(seed)) % (2 * WMax + 1)) - WMax;
  endfunction

  initial begin
    int ncorner;
    if (Latency > 8) $fatal(1, "qmac_mul2_tb: Mul2Latency %0d exceeds the 8 triples in flight", Latency);
    for (int s = 0; s < 2; s++)
      for (int c = 0; c < NCodes; c++)
        for (int i = 0; i < NWeights; i++)
          for (int j = 0; j < NWeights; j++)
            drive(s ? ((corner_code(c) ^ 128) - 128) : corner_code(c), corner_weight(i), corner_weight(j));
    ncorner = n;
    for (int r = 0; r < NRANDOM; r++) begin
      int code;
      code = $unsigned($random(seed)) % 256;
      drive(($random(seed) & 1) ? ((code ^ 128) - 128) : code, random_weight(), random_weight());
    end
    // Flush the triples still in the pipeline.
    for (int k = n - (Latency - 1); k < n; k++) begin
      @(negedge clk);
      en = 1'b1;
      @(posedge clk);
      #1 check(k);
    end
    if (errors == 0) begin
      $display("PASS %0d triples (%0d corner, %0d random)", n, ncorner, n - ncorner);
      $finish;
    end
    $display("FAIL %0d errors in %0d triples", errors, n);
    $fatal(1, "qmac_mul2_tb: the products differ");
  end
endmodule
