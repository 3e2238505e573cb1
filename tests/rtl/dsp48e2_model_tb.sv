// The DSP48E2 model of rtl/tb/dsp48e2_model.sv on its own (Icarus): CASE 0 drives the subset it implements
// (Yosys 0.23's combinational multiply) with corner and random A, B and expects P = A[26:0] * B, printing
// "PASS"; every other CASE sets one parameter or control input it does not implement and must stop with
// the model's "... is not implemented" $fatal before printing anything else.
module dsp48e2_model_tb #(
  parameter int CASE = 0
);
  // CASE 1: MREG = 1; 2: the preadder (AMULTSEL = "AD"); 3: OPMODE with Z = P; 4: INMODE[1] (A gated to 0);
  // 5: CARRYIN = 1.
  localparam integer Mreg = (CASE == 1) ? 1 : 0;
  localparam AMultSel = (CASE == 2) ? "AD" : "A";
  logic [8:0] opmode = (CASE == 3) ? 9'b00_010_01_01 : 9'b00_000_01_01;
  logic [4:0] inmode = (CASE == 4) ? 5'b00010 : 5'b00000;
  logic carryin = (CASE == 5);
  logic [29:0] a = '0;
  logic [17:0] b = '0;
  wire [47:0] p;
  integer seed = 7;
  int errors = 0;

  DSP48E2 #(.AREG(0), .BREG(0), .CREG(0), .DREG(0), .ADREG(0), .MREG(Mreg), .PREG(0), .ACASCREG(0), .BCASCREG(0),
            .ALUMODEREG(0), .CARRYINREG(0), .CARRYINSELREG(0), .INMODEREG(0), .OPMODEREG(0), .AMULTSEL(AMultSel))
    dut (.A(a), .B(b), .C(48'h0), .D(27'h0), .ACIN(30'h0), .BCIN(18'h0), .PCIN(48'h0), .CARRYIN(carryin),
         .CARRYINSEL(3'b000), .INMODE(inmode), .OPMODE(opmode), .ALUMODE(4'b0000), .P(p));

  task automatic try(input logic signed [26:0] x, input logic signed [17:0] y);
    logic signed [47:0] want;
    a = {{3{x[26]}}, x};
    b = y;
    want = x * y;
    #1;
    if (p !== want) begin
      errors = errors + 1;
      if (errors <= 5) $display("A=%0d B=%0d: P %0d, want %0d", x, y, $signed(p), want);
    end
  endtask

  initial begin
    #2;
    try(27'sh3ffffff, 18'sh1ffff);   // the largest magnitudes of both signs
    try(-27'sh4000000, -18'sh20000);
    try(-27'sh4000000, 18'sh1ffff);
    try(27'sh3ffffff, -18'sh20000);
    try(0, -1);
    try(-1, -1);
    for (int i = 0; i < 10000; i++) try($random(seed), $random(seed));
    if (errors == 0) $display("PASS 10006 products");
    else $display("FAIL %0d errors", errors);
    $finish;
  end
endmodule
