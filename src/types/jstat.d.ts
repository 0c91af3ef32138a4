/** The part of jStat the report uses (the package ships no types): the F distribution's CDF. A CommonJS module. */
declare module 'jstat' {
  const jstat: {
    jStat: { centralF: { cdf(x: number, df1: number, df2: number): number } };
  };
  export default jstat;
}
